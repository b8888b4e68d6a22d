package io.freshet.gateway.kafka;

import org.apache.kafka.common.utils.Utils;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks a record's partition as the embedded log does: a key goes where the Kafka producer's default partitioner puts
 * it ({@code toPositive(murmur2(key)) % partitions}), so a Kafka producer and a gateway agree on a key's partition;
 * without a key the partitions take turns, per topic.
 *
 * <p>Thread-safe: one counter per topic, created once, so {@link KafkaEventLog#partitionFor} answers on the caller's
 * thread for a topic the view has (REST asks it for every record and expects the answer at once).
 */
final class KeyPartitioner {

    private final ConcurrentHashMap<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    int partition(String topic, byte[] key, int partitions) {
        if (key != null) {
            return Utils.toPositive(Utils.murmur2(key)) % partitions;
        }
        return Utils.toPositive(turns.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement()) % partitions;
    }
}
