package io.freshet.mqtt.mapping;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.TopicFilter;

import java.util.Optional;
import java.util.Set;

/**
 * MQTT topics and Kafka topics + keys, both ways, and MQTT messages as Kafka records, both ways. Default rule: the
 * first level of the MQTT topic names the Kafka topic, the rest is the key ({@code sensors/dev42/temp} ->
 * {@code sensors}, key {@code dev42/temp}; {@code sensors} -> key null); configured rules ({@code mqtt.topic.mapping})
 * come first. Stateless and thread-safe.
 */
public interface TopicMapper {

    /** Where a PUBLISH to {@code mqttTopic} goes, or why it cannot go anywhere. */
    Mapping toKafka(String mqttTopic);

    /**
     * The MQTT topic a record of {@code kafkaTopic} is delivered as, or empty if it cannot be one (an internal topic,
     * a key that is not valid UTF-8 or contains {@code +}, {@code #} or U+0000).
     */
    Optional<String> toMqtt(String kafkaTopic, byte[] key);

    /** Whether records of {@code kafkaTopic} may match {@code filter} (to pick the topics a subscription reads). */
    boolean mayMatch(TopicFilter filter, String kafkaTopic);

    /**
     * The Kafka topics a subscription with {@code filter} may ever read (what its READ is checked on), or empty when
     * that is not bounded: a wildcard first level under the default rule may match any topic, present or future.
     */
    Optional<Set<String>> kafkaTopicsOf(TopicFilter filter);

    /**
     * The record for an inbound message: value = payload unchanged; MQTT 5 user properties as headers of the same
     * name; {@code mqtt.qos}, {@code mqtt.retain}, {@code mqtt.client_id}, {@code mqtt.content_type},
     * {@code mqtt.response_topic}, {@code mqtt.correlation_data}, {@code mqtt.payload_format},
     * {@code mqtt.message_expiry} headers.
     */
    OutgoingRecord toRecord(Message message, String clientId, Mapping.Target target);

    /**
     * The message for a record read from the log (topic via {@link #toMqtt}), or empty if it has no MQTT topic. A
     * record without an {@code mqtt.qos} header (a Kafka producer wrote it) counts as QoS 2: the subscription's QoS
     * decides.
     */
    Optional<Message> toMessage(LogRecord record);

    /** The result of mapping an MQTT topic name. */
    sealed interface Mapping {

        /** The record goes to {@code kafkaTopic} with {@code key} (null: no key). */
        record Target(String kafkaTopic, byte[] key) implements Mapping {
        }

        /** No valid Kafka topic: the PUBLISH is refused with 0x90 Topic Name invalid and this reason. */
        record Refused(String reason) implements Mapping {
        }
    }
}
