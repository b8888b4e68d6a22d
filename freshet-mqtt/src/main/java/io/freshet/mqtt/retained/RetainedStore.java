package io.freshet.mqtt.retained;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.mqtt.mapping.MessageHeaders;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.state.CompactedTopic;
import io.freshet.mqtt.state.StateFollower;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@link RetainedMessages} in a compacted topic ({@code __mqtt_retained}, 1 partition): record key = the MQTT
 * topic (UTF-8), value = the payload, headers = QoS and MQTT 5 properties ({@link MessageHeaders}), timestamp = when
 * it was stored (this store's clock: message expiry counts from it). An empty payload clears the topic: a tombstone.
 * Whatever the QoS, QoS 0 included, a retained PUBLISH replaces the topic's retained message (MQTT 5 3.3.1.3).
 * Read whole at {@link #open}, then written through; what other MQTT listeners on the same cluster retain is read on
 * and applied too ({@link StateFollower}). Thread-safe.
 *
 * <p>Design note: every retained message is in memory, sorted by topic. {@link #matching} visits the topics that
 * start with the filter's literal prefix ({@code sensors/dev42/#}: those under {@code sensors/dev42}; a filter
 * starting with a wildcard: all) and tests each with {@link TopicFilter#matches}: fine for tens of thousands of
 * retained topics; millions would want a tree of levels. An expired message stays (in memory and in the topic)
 * until its topic gets a new one; it is only left out.
 */
public final class RetainedStore implements RetainedMessages, AutoCloseable {

    private final Time time;
    private final ConcurrentNavigableMap<String, Retained> byTopic;
    private final StateFollower follower;

    /** A retained message (retain flag set) and when it was stored. */
    private record Retained(Message message, long storedAt) {
    }

    private RetainedStore(Time time, ConcurrentNavigableMap<String, Retained> byTopic, StateFollower follower) {
        this.time = time;
        this.byTopic = byTopic;
        this.follower = follower;
    }

    /** Creates {@code topic} if missing (1 partition, compacted), reads it whole, then follows it. */
    public static CompletableFuture<RetainedStore> open(EventLog log, String topic, Time time) {
        ConcurrentNavigableMap<String, Retained> byTopic = new ConcurrentSkipListMap<>();
        StateFollower follower = new StateFollower(log, new TopicPartition(topic, 0),
            record -> replay(byTopic, record), record -> { });
        return CompactedTopic.load(log, topic, record -> replay(byTopic, record))
            .thenApply(loaded -> {
                RetainedStore store = new RetainedStore(time, byTopic, follower);
                follower.start(loaded.end());
                return store;
            })
            .whenComplete((store, e) -> {
                if (e != null) {
                    follower.close();
                }
            });
    }

    private static void replay(Map<String, Retained> byTopic, LogRecord record) {
        if (record.key() == null) {
            return;
        }
        String topic = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null || record.value().length == 0) {
            byTopic.remove(topic);
        } else {
            Message message = MessageHeaders.decode(topic, record.value(), record.headers()).withRetain(true);
            byTopic.put(topic, new Retained(message, record.timestamp()));
        }
    }

    @Override
    public CompletableFuture<Void> put(Message message) {
        String topic = message.topic();
        long now = time.milliseconds();
        byte[] key = topic.getBytes(StandardCharsets.UTF_8);
        boolean clear = message.payload().length == 0;
        Message retained = message.withRetain(true);
        OutgoingRecord record = new OutgoingRecord(key, clear ? null : retained.payload(),
            clear ? List.of() : MessageHeaders.encode(retained, null), now);
        return follower.write(topic, record, () -> {
            if (clear) {
                byTopic.remove(topic);
            } else {
                byTopic.put(topic, new Retained(retained, now));
            }
        });
    }

    /** Stops following the topic. */
    @Override
    public void close() {
        follower.close();
    }

    @Override
    public List<Message> matching(TopicFilter filter) {
        long now = time.milliseconds();
        String prefix = literalPrefix(filter.filter());
        List<Message> matching = new ArrayList<>();
        for (Map.Entry<String, Retained> entry : byTopic.tailMap(prefix).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            if (filter.matches(entry.getKey())) {
                Message live = unexpired(entry.getValue(), now);
                if (live != null) {
                    matching.add(live);
                }
            }
        }
        return matching;
    }

    /** The text before the filter's first wildcard level, without the last {@code /} (a/# matches a too). */
    private static String literalPrefix(String filter) {
        int plus = filter.startsWith("+") ? 0 : filter.indexOf("/+");
        int hash = filter.startsWith("#") ? 0 : filter.indexOf("/#");
        int end = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        return end < 0 ? filter : filter.substring(0, end);
    }

    /**
     * The message with its remaining expiry (whole seconds, rounded up, so never 0), or null if it has expired.
     */
    private static Message unexpired(Retained retained, long now) {
        MessageProperties p = retained.message().properties();
        if (p.messageExpirySeconds() == null) {
            return retained.message();
        }
        long remainingMs = retained.storedAt() + p.messageExpirySeconds() * 1000 - now;
        if (remainingMs <= 0) {
            return null;
        }
        long remainingSeconds = (remainingMs + 999) / 1000;
        MessageProperties remaining = new MessageProperties(p.payloadFormatIndicator(), remainingSeconds,
            p.contentType(), p.responseTopic(), p.correlationData(), p.userProperties());
        Message m = retained.message();
        return new Message(m.topic(), m.payload(), m.qos(), true, remaining);
    }
}
