package io.freshet.bench.sql;

import io.freshet.bench.workload.ClientConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * An alert's end-to-end latency: hot readings (TEMP 90) are produced one at a time at a steady rate (acks=all,
 * linger.ms 0), each to a device of its own ("lat-000042"), and a read_committed consumer of the alert's sink, in
 * this JVM, takes send-to-receipt time per device. The query must already run over the (empty) input; warm-up
 * readings are sent every 100 ms until the first alert comes back, so the measured ones never wait for a start.
 */
final class AlertLatency {

    private static final String WARM = "warm-";
    private static final String MEASURED = "lat-";

    record Result(long[] sortedNanos, int sent, double warmUpS) {
    }

    private AlertLatency() {
    }

    static Result run(String bootstrap, String input, String sink, int readings, int rate) throws Exception {
        int partitions = awaitTopic(bootstrap, sink);
        long[] sentAt = new long[readings];
        long[] latency = new long[readings];
        Arrays.fill(latency, -1);
        AtomicInteger received = new AtomicInteger();
        AtomicBoolean warm = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> read(bootstrap, sink, partitions, sentAt, latency, received, warm, stop),
            "sql-bench-alert-reader");
        reader.start();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "all", 0))) {
            long warmStart = System.nanoTime();
            for (int i = 0; !warm.get(); i++) {
                if (System.nanoTime() - warmStart > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("no alert came back within 120 s of warm-up readings");
                }
                send(producer, input, WARM + i);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            double warmUpS = (System.nanoTime() - warmStart) / 1e9;
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            for (int i = 0; i < readings; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000));
                }
                sentAt[i] = System.nanoTime();
                send(producer, input, String.format("%s%06d", MEASURED, i));
            }
            producer.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < readings && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            stop.set(true);
            reader.join(10_000);
            long[] sorted = Arrays.stream(latency).filter(n -> n >= 0).sorted().toArray();
            if (sorted.length < readings) {
                throw new IllegalStateException("only " + sorted.length + " of " + readings + " alerts came back");
            }
            return new Result(sorted, readings, warmUpS);
        } finally {
            stop.set(true);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String input, String device) {
        producer.send(new ProducerRecord<>(input, null, System.currentTimeMillis(), Readings.key(device),
            Readings.json(90.0, System.currentTimeMillis())));
    }

    private static void read(String bootstrap, String sink, int partitions, long[] sentAt, long[] latency,
                             AtomicInteger received, AtomicBoolean warm, AtomicBoolean stop) {
        Map<String, Object> config = ClientConfigs.consumer(bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        List<TopicPartition> all = GroupProgress.partitions(sink, partitions);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String device = new String(record.key(), StandardCharsets.UTF_8);
                    if (device.startsWith(WARM)) {
                        warm.set(true);
                    } else if (device.startsWith(MEASURED)) {
                        int i = Integer.parseInt(device.substring(MEASURED.length()));
                        if (latency[i] < 0) {
                            latency[i] = now - sentAt[i];
                            received.incrementAndGet();
                        }
                    }
                }
            }
        }
    }

    /** The sink's partition count, once it exists (a SQL query creates its sink when it starts). */
    private static int awaitTopic(String bootstrap, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                        .partitions().size();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("sink " + topic + " did not appear within 60 s", e);
                    }
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        }
    }
}
