package io.freshet.mqtt.state;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The {@link StateStore} in a compacted topic: record key = the UTF-8 of the state key, value = the bytes, a
 * tombstone for a delete. Read whole into memory at {@link #open}; then every put updates memory at once and appends
 * to the topic (durably: the future completes once fsynced), and what other writers append (other MQTT listeners on
 * the same cluster) is read on and applied too ({@link StateFollower}). Thread-safe.
 *
 * <p>Design note: a sorted map, so that {@link #withPrefix} ({@code qos2/CLIENT/}, at each connect) costs the keys it
 * returns rather than a scan of every session's state. Memory and log are changed under one lock, so the last value
 * of a key in the log is the one in memory, whichever threads write; the lock covers the call to append only, which
 * does not block on I/O. A failed write is not undone in memory: after a failed fsync nobody knows whether the record
 * is in the log; the caller fails what depended on it (the PUBACK, the session).
 */
public final class StateTopic implements StateStore, AutoCloseable {

    private final ConcurrentNavigableMap<String, byte[]> values;
    /** Who wrote each key last (writer ids, one String instance per writer); changed with {@link #values}. */
    private final Map<String, String> writers;
    private final StateFollower follower;
    private final String writerId;
    private final List<BiConsumer<String, byte[]>> othersListeners;

    private StateTopic(ConcurrentNavigableMap<String, byte[]> values, Map<String, String> writers,
                       StateFollower follower, List<BiConsumer<String, byte[]>> othersListeners) {
        this.values = values;
        this.writers = writers;
        this.follower = follower;
        this.othersListeners = othersListeners;
        this.writerId = follower.writerId();
    }

    /** Creates {@code topic} if missing (1 partition, compacted), reads it whole, then follows it. */
    public static CompletableFuture<StateTopic> open(EventLog log, String topic) {
        ConcurrentNavigableMap<String, byte[]> values = new ConcurrentSkipListMap<>();
        Map<String, String> writers = new ConcurrentHashMap<>();
        Map<String, String> writerIds = new ConcurrentHashMap<>(); // one String per writer id for all its keys
        Consumer<LogRecord> replay = record -> replay(values, writers, writerIds, record);
        List<BiConsumer<String, byte[]>> listeners = new CopyOnWriteArrayList<>();
        StateFollower follower = new StateFollower(log, new TopicPartition(topic, 0), replay, record -> {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                listeners.forEach(listener -> listener.accept(key, record.value()));
            });
        return CompactedTopic.load(log, topic, replay)
            .thenApply(loaded -> {
                StateTopic state = new StateTopic(values, writers, follower, listeners);
                follower.start(loaded.end());
                return state;
            })
            .whenComplete((state, e) -> {
                if (e != null) {
                    follower.close();
                }
            });
    }

    private static void replay(Map<String, byte[]> values, Map<String, String> writers, Map<String, String> writerIds,
                               LogRecord record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            values.remove(key);
            writers.remove(key);
            return;
        }
        values.put(key, record.value());
        byte[] writer = StateFollower.writerOf(record);
        if (writer == null) {
            writers.remove(key);
        } else {
            String id = new String(writer, StandardCharsets.UTF_8);
            writers.put(key, writerIds.computeIfAbsent(id, k -> k));
        }
    }

    /** The value of {@code key}; the array is shared: do not modify it. */
    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A snapshot of the keys starting with {@code prefix}; the arrays are shared: do not modify them. */
    @Override
    public Map<String, byte[]> withPrefix(String prefix) {
        Map<String, byte[]> matching = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : values.tailMap(prefix).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break; // sorted: no later key starts with it either
            }
            matching.put(entry.getKey(), entry.getValue());
        }
        return matching;
    }

    /** {@code value} is the store's from now on: the caller does not modify it. */
    @Override
    public CompletableFuture<Void> put(String key, byte[] value) {
        return write(key, value);
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return write(key, null);
    }

    @Override
    public void onOtherWriter(BiConsumer<String, byte[]> listener) {
        othersListeners.add(listener);
    }

    @Override
    public String writerId() {
        return follower.writerId();
    }

    @Override
    public Optional<String> writerOf(String key) {
        return Optional.ofNullable(writers.get(key));
    }

    private CompletableFuture<Void> write(String key, byte[] value) {
        return follower.write(key, OutgoingRecord.of(key.getBytes(StandardCharsets.UTF_8), value), () -> {
            if (value == null) {
                values.remove(key);
                writers.remove(key);
            } else {
                values.put(key, value);
                writers.put(key, writerId);
            }
        });
    }

    /** Stops following the topic. */
    @Override
    public void close() {
        follower.close();
    }
}
