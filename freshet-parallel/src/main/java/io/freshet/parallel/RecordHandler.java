package io.freshet.parallel;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one record, on one of the worker threads. Records of one key (in one partition) reach it one at a time
 * and in offset order; records of different keys at the same time on different threads, so it must be thread-safe.
 * Returning marks the record done (its offset may then be committed once every earlier record of its partition is
 * done too); throwing counts as a failed attempt (see {@link OrderedParallelConsumer.Builder#retry}).
 */
@FunctionalInterface
public interface RecordHandler<K, V> {
    void handle(ConsumerRecord<K, V> record) throws Exception;
}
