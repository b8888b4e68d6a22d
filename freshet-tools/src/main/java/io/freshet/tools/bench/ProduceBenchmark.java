package io.freshet.tools.bench;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.ProgressLine;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends the records as fast as the producer takes them (or at {@code --rate}) and records each one's latency, from
 * just before {@code send} to its callback, as Kafka's producer perf test does: time spent blocked in {@code send}
 * because the buffer is full counts. One payload of random letters is sent with every record. The elapsed time
 * ends when every record is acknowledged.
 */
final class ProduceBenchmark {

    private final BenchRequest.Produce request;
    private final ProgressLine progress;
    private final LongSupplier nanoClock;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    ProduceBenchmark(BenchRequest.Produce request, ProgressLine progress, LongSupplier nanoClock) {
        this.request = request;
        this.progress = progress;
        this.nanoClock = nanoClock;
    }

    BenchResult run() {
        byte[] payload = payload(request.size());
        byte[][] keys = keys(request.keys());
        long start = nanoClock.getAsLong();
        long nanosPerRecord = request.ratePerSec() > 0 ? TimeUnit.SECONDS.toNanos(1) / request.ratePerSec() : 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ClientProperties.only(request.producerConfig(), ProducerConfig.configNames()))) {
            for (long i = 0; i < request.records() && failed.get() == 0; i++) {
                if (nanosPerRecord > 0) {
                    pace(start + i * nanosPerRecord);
                }
                byte[] key = keys == null ? null : keys[(int) (i % keys.length)];
                send(producer, new ProducerRecord<>(request.topic(), key, payload));
                if (progress.due()) {
                    progress.show(line(start));
                }
            }
            producer.flush();
        }
        long elapsed = nanoClock.getAsLong() - start;
        progress.clear();
        long bytes = acknowledged.get() * (request.size() + (keys == null ? 0 : keys[0].length));
        return new BenchResult("produce", acknowledged.get(), failed.get(), bytes, elapsed, latency);
    }

    Exception firstError() {
        return firstError.get();
    }

    private void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        long sentAt = nanoClock.getAsLong();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    latency.record((nanoClock.getAsLong() - sentAt) / 1000);
                    acknowledged.incrementAndGet();
                } else {
                    fail(error);
                }
            });
        } catch (KafkaException e) {
            fail(e);
        }
    }

    private void fail(Exception error) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, error);
    }

    private String line(long start) {
        long done = acknowledged.get();
        return ProgressLine.rates(done, done * request.size(), nanoClock.getAsLong() - start)
                + String.format("  p99 %s ms", BenchResult.ms(latency.percentile(99)));
    }

    private void pace(long due) {
        for (long wait = due - nanoClock.getAsLong(); wait > 0; wait = due - nanoClock.getAsLong()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static byte[] payload(int size) {
        Random random = new Random(42);
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        return payload;
    }

    private static byte[][] keys(int count) {
        if (count == 0) {
            return null;
        }
        int width = String.valueOf(count - 1).length();
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format("key-%0" + width + "d", i).getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }
}
