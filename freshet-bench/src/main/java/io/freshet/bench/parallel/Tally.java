package io.freshet.bench.parallel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one case's handler saw: how many records, when the first and the last came, and how many ran before an
 * earlier record of their key (value = the key's sequence number) or more than once.
 */
final class Tally {

    private final int expected;
    private final CountDownLatch all;
    private final ConcurrentHashMap<String, Integer> lastSeq = new ConcurrentHashMap<>();
    private final AtomicInteger outOfOrder = new AtomicInteger();
    private final AtomicInteger repeated = new AtomicInteger();
    private final java.util.Set<String> distinct = ConcurrentHashMap.newKeySet();
    private final AtomicLong firstNanos = new AtomicLong();
    private volatile long lastNanos;

    Tally(int expected) {
        this.expected = expected;
        this.all = new CountDownLatch(expected);
    }

    /** The handler's work: {@code workMs} of sleep, then the bookkeeping. */
    void handle(ConsumerRecord<String, String> record, long workMs) throws InterruptedException {
        firstNanos.compareAndSet(0, System.nanoTime());
        Thread.sleep(workMs);
        int seq = Integer.parseInt(record.value());
        Integer before = lastSeq.put(record.key(), seq);
        if (before != null && before >= seq) {
            if (before == seq) {
                repeated.incrementAndGet();
            } else {
                outOfOrder.incrementAndGet();
            }
        }
        distinct.add(record.partition() + "@" + record.offset());
        lastNanos = System.nanoTime();
        all.countDown();
    }

    boolean await(long seconds) throws InterruptedException {
        return all.await(seconds, TimeUnit.SECONDS);
    }

    int processed() {
        return expected - (int) all.getCount();
    }

    double recordsPerSecond() {
        double seconds = (lastNanos - firstNanos.get()) / 1e9;
        return seconds <= 0 ? 0 : (processed() - 1) / seconds;
    }

    int distinct() {
        return distinct.size();
    }

    int outOfOrder() {
        return outOfOrder.get();
    }

    int repeated() {
        return repeated.get();
    }
}
