package io.freshet.parallel;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records between the poll thread and the workers. The poll thread adds what it polled; workers take one key
 * queue at a time ({@link #take}), so a key never runs on two threads, and report the record done or failed. Keys
 * wait for a worker in one line, first come first served. One lock guards it all: the poll thread and the workers
 * each hold it only for a few map operations, never while a handler runs.
 */
final class Dispatcher<K, V> {

    /** A record handed to a worker, with the queue to report back to. */
    record Task<K, V>(KeyQueue<K, V> queue, ConsumerRecord<K, V> record) {
    }

    private static final Object NULL_KEY = new Object();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final NullKeyOrder nullKeys;
    private final Map<TopicPartition, PartitionProgress<K, V>> partitions = new HashMap<>();
    private final ArrayDeque<KeyQueue<K, V>> line = new ArrayDeque<>();
    private int bufferedRecords;
    private long bufferedBytes;
    private int peakRecords;
    private long peakBytes;
    private long processed;
    private boolean stopped;
    private Exception failure;

    Dispatcher(NullKeyOrder nullKeys) {
        this.nullKeys = nullKeys;
    }

    /** Poll thread: queues a polled record behind the earlier ones of its key. */
    void add(ConsumerRecord<K, V> record) {
        lock.lock();
        try {
            if (stopped) {
                return; // not counted as polled: the watermark stays before it
            }
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            PartitionProgress<K, V> partition = partitions.computeIfAbsent(tp, PartitionProgress::new);
            partition.polled(record.offset());
            KeyQueue<K, V> queue = partition.keys.computeIfAbsent(orderingKey(record),
                    k -> new KeyQueue<>(partition, k));
            queue.pending.add(record);
            bufferedRecords++;
            bufferedBytes += size(record);
            peakRecords = Math.max(peakRecords, bufferedRecords);
            peakBytes = Math.max(peakBytes, bufferedBytes);
            if (!queue.running && !queue.inLine) {
                queue.inLine = true;
                line.add(queue);
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Worker: waits for a key with a record to run; null once stopped. */
    Task<K, V> take() throws InterruptedException {
        lock.lock();
        try {
            while (!stopped && line.isEmpty()) {
                work.await();
            }
            if (stopped) {
                return null;
            }
            KeyQueue<K, V> queue = line.poll();
            queue.inLine = false;
            queue.running = true;
            return new Task<>(queue, queue.pending.poll());
        } finally {
            lock.unlock();
        }
    }

    /** Worker: the record is done (handled, or skipped after failing); its key's next record may run. */
    void done(Task<K, V> task) {
        lock.lock();
        try {
            task.queue().partition.done(task.record().offset());
            processed++;
            release(task);
        } finally {
            lock.unlock();
        }
    }

    /** Worker: the record failed and the consumer stops; it stays not done, so no commit passes it. */
    void failed(Task<K, V> task, Exception error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error;
            }
            release(task);
            stopLocked();
        } finally {
            lock.unlock();
        }
    }

    private void release(Task<K, V> task) {
        KeyQueue<K, V> queue = task.queue();
        queue.running = false;
        bufferedRecords--;
        bufferedBytes -= size(task.record());
        if (!queue.pending.isEmpty() && !queue.partition.closed && !stopped) {
            queue.inLine = true;
            line.add(queue);
            work.signal();
        } else if (queue.pending.isEmpty()) {
            queue.partition.keys.remove(queue.key, queue);
        }
        progress.signalAll();
    }

    /**
     * Poll thread, on revoke, loss or close: stops handing out the partitions' records, drops the queued ones,
     * waits up to {@code timeoutMs} for the running ones, and forgets the partitions. Returns their watermarks
     * (every record below is done) where past the last commit.
     */
    Map<TopicPartition, Long> close(Collection<TopicPartition> closing, long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            List<PartitionProgress<K, V>> states = closing.stream().map(partitions::get)
                    .filter(p -> p != null).toList();
            for (PartitionProgress<K, V> partition : states) {
                partition.closed = true;
                dropQueued(partition);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (states.stream().anyMatch(p -> !p.keys.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                progress.awaitNanos(left);
            }
            Map<TopicPartition, Long> marks = new LinkedHashMap<>();
            for (PartitionProgress<K, V> partition : states) {
                partition.uncommitted().ifPresent(offset -> marks.put(partition.partition, offset));
                partitions.remove(partition.partition, partition);
            }
            return marks;
        } finally {
            lock.unlock();
        }
    }

    /** The partitions this dispatcher holds records or progress for. */
    List<TopicPartition> partitions() {
        lock.lock();
        try {
            return List.copyOf(partitions.keySet());
        } finally {
            lock.unlock();
        }
    }

    private void dropQueued(PartitionProgress<K, V> partition) {
        for (Iterator<KeyQueue<K, V>> it = partition.keys.values().iterator(); it.hasNext(); ) {
            KeyQueue<K, V> queue = it.next();
            for (ConsumerRecord<K, V> record : queue.pending) {
                bufferedRecords--;
                bufferedBytes -= size(record);
            }
            queue.pending.clear();
            if (queue.inLine) {
                line.remove(queue);
                queue.inLine = false;
            }
            if (!queue.running) {
                it.remove();
            }
        }
    }

    /** Stops handing out records, for close or after a failure; workers' {@link #take} returns null. */
    void stop() {
        lock.lock();
        try {
            stopLocked();
        } finally {
            lock.unlock();
        }
    }

    private void stopLocked() {
        stopped = true;
        work.signalAll();
    }

    /** Poll thread: the watermarks past the last acknowledged commit, for a periodic commit. */
    Map<TopicPartition, Long> uncommitted() {
        lock.lock();
        try {
            Map<TopicPartition, Long> marks = new LinkedHashMap<>();
            partitions.forEach((tp, p) -> {
                OptionalLong mark = p.uncommitted();
                if (mark.isPresent()) {
                    marks.put(tp, mark.getAsLong());
                }
            });
            return marks;
        } finally {
            lock.unlock();
        }
    }

    /** Poll thread: the broker acknowledged these offsets. */
    void committed(Map<TopicPartition, Long> offsets) {
        lock.lock();
        try {
            offsets.forEach((tp, offset) -> {
                PartitionProgress<K, V> p = partitions.get(tp);
                if (p != null) {
                    p.committed(offset);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    int bufferedRecords() {
        lock.lock();
        try {
            return bufferedRecords;
        } finally {
            lock.unlock();
        }
    }

    long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    Exception failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    ParallelStats stats(int pausedPartitions) {
        lock.lock();
        try {
            return new ParallelStats(bufferedRecords, bufferedBytes, peakRecords, peakBytes, processed,
                    pausedPartitions);
        } finally {
            lock.unlock();
        }
    }

    /** Records of one partition with equal keys share a queue; byte[] keys compare by content. */
    private Object orderingKey(ConsumerRecord<K, V> record) {
        Object key = record.key();
        if (key == null) {
            return nullKeys == NullKeyOrder.PARTITION ? NULL_KEY : new Object();
        }
        return key instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : key;
    }

    private static long size(ConsumerRecord<?, ?> record) {
        return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    }
}
