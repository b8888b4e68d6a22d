package io.freshet.mqtt.retained;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.TopicFilter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The retained message of each MQTT topic, kept in the compacted topic {@code __mqtt_retained} (key = MQTT topic,
 * value = payload, MQTT properties as headers; an empty payload is a tombstone) and in memory. Thread-safe.
 */
public interface RetainedMessages {

    /** Stores {@code message} as its topic's retained message, or clears it if the payload is empty. Durable on completion. */
    CompletableFuture<Void> put(Message message);

    /** The retained messages whose topics match {@code filter} (retain flag set, expired ones left out). */
    List<Message> matching(TopicFilter filter);
}
