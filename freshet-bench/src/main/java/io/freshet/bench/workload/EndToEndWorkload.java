package io.freshet.bench.workload;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end latency at a fixed rate: a producer (acks=all, linger.ms=0) sends 100 B records on a schedule of
 * {@code rate} per second (in bursts of one millisecond's worth), each carrying its send-time {@code System.nanoTime()} and whether it is measured; a
 * consumer thread in the same JVM (assign(), one partition) records now - sendTime for the measured ones. The
 * first {@code warmUp} of the schedule is not measured.
 *
 * <p>Design note: the send time is taken when send() is called, not when the schedule said it should be; a
 * broker so slow that the producer falls behind its schedule would look better than it is (coordinated
 * omission). The achieved rate is returned so such a run can be spotted; at these rates it is not expected.
 */
public final class EndToEndWorkload {

    private static final int RECORD_SIZE = 100;
    private static final long TICK_NANOS = 1_000_000;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** Latencies of the measured records, sorted, in nanoseconds; how many were sent and at what rate. */
    public record Result(long[] sortedNanos, long measuredSent, double achievedRate) {
    }

    private EndToEndWorkload() {
    }

    public static Result run(String bootstrap, String topic, int rate, Duration warmUp, Duration measured)
            throws Exception {
        long warmUpCount = rate * warmUp.toMillis() / 1000;
        long measuredCount = rate * measured.toMillis() / 1000;
        long[] samples = new long[(int) measuredCount];
        Receiver receiver = new Receiver(bootstrap, topic, samples);
        Thread thread = new Thread(receiver, "e2e-consumer");
        thread.start();
        double achievedRate;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(bootstrap, "all", 0))) {
            producer.partitionsFor(topic);
            achievedRate = sendOnSchedule(producer, topic, rate, warmUpCount, measuredCount);
            producer.flush();
        } finally {
            receiver.awaitAll(measuredCount, DRAIN_TIMEOUT_NANOS);
            receiver.stop();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (receiver.error != null) {
            throw new IllegalStateException("the e2e consumer failed", receiver.error);
        }
        long[] received = Arrays.copyOf(samples, receiver.measured);
        Arrays.sort(received);
        return new Result(received, measuredCount, achievedRate);
    }

    /**
     * Sends every record that is due, then sleeps {@link #TICK_NANOS}: records leave in small bursts (10 per tick
     * at 10k/s) instead of one every 20-100 µs, so pacing costs a little CPU instead of a spinning core. Each
     * record carries the time it was actually sent, so the bursts add no latency to what is measured.
     */
    private static double sendOnSchedule(KafkaProducer<byte[], byte[]> producer, String topic, int rate,
                                         long warmUpCount, long measuredCount) {
        long total = warmUpCount + measuredCount;
        long start = System.nanoTime();
        long measuredStart = start;
        long sent = 0;
        while (sent < total) {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            for (; sent < due; sent++) {
                if (sent == warmUpCount) {
                    measuredStart = System.nanoTime();
                }
                ByteBuffer value = ByteBuffer.allocate(RECORD_SIZE);
                value.putLong(System.nanoTime()).put((byte) (sent >= warmUpCount ? 1 : 0));
                producer.send(new ProducerRecord<>(topic, value.array()));
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        return measuredCount / ((System.nanoTime() - measuredStart) / 1e9);
    }

    /** The consumer side: owns its KafkaConsumer; {@code measured} is written by it and read after join. */
    private static final class Receiver implements Runnable {

        private final String bootstrap;
        private final String topic;
        private final long[] samples;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile int measured;
        private volatile Exception error;

        Receiver(String bootstrap, String topic, long[] samples) {
            this.bootstrap = bootstrap;
            this.topic = topic;
            this.samples = samples;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap))) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        ByteBuffer value = ByteBuffer.wrap(record.value());
                        long sent = value.getLong();
                        if (value.get() == 1 && measured < samples.length) {
                            samples[measured] = now - sent;
                            measured = measured + 1;
                        }
                    }
                }
            } catch (Exception e) {
                error = e;
            }
        }

        void awaitAll(long count, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (measured < count && error == null && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }

        void stop() {
            running.set(false);
        }
    }
}
