package io.freshet.parallel;

import java.util.ArrayDeque;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records of one key in one partition, in offset order, with at most one of them running: the
 * {@link Dispatcher} hands the queue (not a record) to a worker, and puts it back in line only when that record is
 * done. Guarded by the Dispatcher's lock.
 */
final class KeyQueue<K, V> {

    final PartitionProgress<K, V> partition;
    final Object key;
    final ArrayDeque<ConsumerRecord<K, V>> pending = new ArrayDeque<>();
    /** A worker runs this queue's head record. */
    boolean running;
    /** In the Dispatcher's line of queues waiting for a worker. */
    boolean inLine;

    KeyQueue(PartitionProgress<K, V> partition, Object key) {
        this.partition = partition;
        this.key = key;
    }
}
