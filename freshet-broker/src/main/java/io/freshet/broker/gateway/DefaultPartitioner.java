package io.freshet.broker.gateway;

import org.apache.kafka.common.utils.Utils;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the partition of a gateway's append. A key goes where the Kafka producer's default partitioner puts it
 * ({@code BuiltInPartitioner.partitionForKey} in kafka-clients 4.4: {@code toPositive(murmur2(key)) % partitions}),
 * so a device publishing over MQTT and a service producing with the Kafka client agree on where a key's events
 * live, and they stay in order. Without a key the partitions take turns, per topic.
 *
 * <p>Thread-safe: one counter per topic, created once; picking allocates nothing.
 */
final class DefaultPartitioner {

    private final ConcurrentHashMap<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    int partition(String topic, byte[] key, int partitions) {
        if (key != null) {
            return Utils.toPositive(Utils.murmur2(key)) % partitions;
        }
        AtomicInteger turn = turns.get(topic);
        if (turn == null) {
            turn = turns.computeIfAbsent(topic, t -> new AtomicInteger());
        }
        return Utils.toPositive(turn.getAndIncrement()) % partitions;
    }

    /** A deleted topic's turn is dropped: a topic created again under its name starts at partition 0. */
    void forget(String topic) {
        turns.remove(topic);
    }
}
