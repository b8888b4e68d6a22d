package io.freshet.mqtt.state;

import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@link StateStore} in a compacted topic: record key = the UTF-8 of the state key, value = the bytes, a
 * tombstone for a delete. Read whole into memory at {@link #open}; then every put updates memory at once and appends
 * to the topic (durably: the future completes once fsynced). Thread-safe.
 *
 * <p>Design note: a sorted map, so that {@link #withPrefix} ({@code qos2/CLIENT/}, at each connect) costs the keys it
 * returns rather than a scan of every session's state. Memory and log are changed under one lock, so the last value
 * of a key in the log is the one in memory, whichever threads write; the lock covers the call to append only, which
 * does not block on I/O. A failed write is not undone in memory: after a failed fsync nobody knows whether the record
 * is in the log; the caller fails what depended on it (the PUBACK, the session).
 */
public final class StateTopic implements StateStore {

    private final EventLog log;
    private final TopicPartition partition;
    private final ConcurrentNavigableMap<String, byte[]> values;
    private final Object writeLock = new Object();

    private StateTopic(EventLog log, TopicPartition partition, ConcurrentNavigableMap<String, byte[]> values) {
        this.log = log;
        this.partition = partition;
        this.values = values;
    }

    /** Creates {@code topic} if missing (1 partition, compacted) and reads it whole. */
    public static CompletableFuture<StateTopic> open(EventLog log, String topic) {
        ConcurrentNavigableMap<String, byte[]> values = new ConcurrentSkipListMap<>();
        return CompactedTopic.load(log, topic, record -> replay(values, record))
            .thenApply(partition -> new StateTopic(log, partition, values));
    }

    private static void replay(Map<String, byte[]> values, LogRecord record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            values.remove(key);
        } else {
            values.put(key, record.value());
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

    private CompletableFuture<Void> write(String key, byte[] value) {
        OutgoingRecord record = OutgoingRecord.of(key.getBytes(StandardCharsets.UTF_8), value);
        synchronized (writeLock) {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            return log.append(partition, record, Durability.DURABLE).thenApply(appended -> null);
        }
    }
}
