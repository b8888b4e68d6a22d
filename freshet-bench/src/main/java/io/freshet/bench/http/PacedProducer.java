package io.freshet.bench.http;

import io.freshet.bench.http.client.StampedValue;
import io.freshet.bench.workload.ClientConfigs;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The fan-out cases' source: the official Kafka Java producer (acks=1, linger.ms=0: each record leaves when due)
 * sending {@code total} stamped 100 B records ({@link StampedValue}) to one topic at a fixed rate from a thread of
 * its own. The stamp is the time the schedule said the record was due, not when send() ran, so a producer held
 * back by the broker shows that wait in the latency instead of hiding it (no coordinated omission).
 */
final class PacedProducer implements AutoCloseable {

    static final String SETTINGS = "acks=1 linger.ms=0 batch.size=65536 compression.type=none";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int rate;
    private final long total;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long startNanos;
    private volatile long lastSendNanos;

    PacedProducer(String bootstrap, String topic, int rate, long total) {
        this.producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "1", 0));
        this.topic = topic;
        this.rate = rate;
        this.total = total;
        this.producer.partitionsFor(topic);
        this.thread = new Thread(this::run, "bench-paced-producer");
        this.thread.setDaemon(true);
    }

    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    private void run() {
        long start = startNanos;
        long next = 0;
        while (!stopped && next < total) {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (next < due) {
                long sequence = next++;
                byte[] value = StampedValue.of(sequence, start + sequence * 1_000_000_000L / rate);
                producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
                sent.set(next);
            }
            lastSendNanos = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
        producer.flush();
    }

    long sent() {
        return sent.get();
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    /** Records sent over the time from the start to the last send. */
    double achievedRate() {
        long elapsed = lastSendNanos - startNanos;
        return elapsed <= 0 ? Double.NaN : sent.get() * 1e9 / elapsed;
    }

    /** Waits (bounded) for the schedule to end and every send to be answered. */
    boolean awaitDone(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(30_000);
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
