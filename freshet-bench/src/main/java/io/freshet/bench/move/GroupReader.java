package io.freshet.bench.move;

import io.freshet.bench.workload.ClientConfigs;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * One consumer-group member on its own thread: subscribes to the move's topics, records every id it is handed
 * (BitSet for the distinct ones, a counter for all), commits synchronously after each poll, and stops on
 * {@link #stop()} or once it has read {@code limit} records (a group left behind mid-stream). The ids survive the
 * switch: the same reader runs again against the other cluster with {@link #resumeOn}.
 */
final class GroupReader {

    private final String group;
    private final BitSet seen;
    private final AtomicLong handed = new AtomicLong();
    private volatile AtomicBoolean stop;
    private Thread thread;
    private volatile Exception failure;

    GroupReader(String group, long records) {
        this.group = group;
        this.seen = new BitSet((int) records);
    }

    String group() {
        return group;
    }

    /** Starts reading from {@code bootstrap} until stopped or {@code limit} records in all have been handed. */
    synchronized void resumeOn(String bootstrap, long limit) {
        AtomicBoolean stopFlag = new AtomicBoolean();
        stop = stopFlag;
        thread = new Thread(() -> read(bootstrap, limit, stopFlag), "move-reader-" + group);
        thread.start();
    }

    private void read(String bootstrap, long limit, AtomicBoolean stopFlag) {
        Map<String, Object> config = ClientConfigs.consumer(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Pattern.compile(Pattern.quote(MoveRecords.TOPIC_PREFIX) + ".*"));
            while (!stopFlag.get() && handed.get() < limit) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long id = MoveRecords.idOf(record.value());
                    synchronized (seen) {
                        seen.set((int) id);
                    }
                    handed.incrementAndGet();
                }
                consumer.commitSync();
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Stops the thread (its consumer commits and leaves the group) and waits for it, at most {@code timeout}. */
    synchronized void stop(Duration timeout) throws Exception {
        stop.set(true);
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException(group + ": the reader did not stop within " + timeout);
        }
        if (failure != null) {
            throw new IllegalStateException(group + ": the reader failed", failure);
        }
    }

    /** Waits until the thread ended by itself (its limit reached) or {@code timeout} passed. */
    boolean awaitLimit(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    long handed() {
        return handed.get();
    }

    long distinct() {
        synchronized (seen) {
            return seen.cardinality();
        }
    }

    /** The ids below {@code count} this group was never handed, at most {@code max} of them. */
    List<Long> missing(long count, int max) {
        synchronized (seen) {
            java.util.ArrayList<Long> missing = new java.util.ArrayList<>();
            for (int id = seen.nextClearBit(0); id < count && missing.size() < max; id = seen.nextClearBit(id + 1)) {
                missing.add((long) id);
            }
            return missing;
        }
    }

    long missingCount(long count) {
        synchronized (seen) {
            return count - seen.get(0, (int) count).cardinality();
        }
    }
}
