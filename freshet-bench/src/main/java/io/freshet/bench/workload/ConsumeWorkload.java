package io.freshet.bench.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Consume throughput: one KafkaConsumer, assign() on every partition, no group, reads a topic from the beginning
 * until it has seen the number of records that was produced to it. Timed from the first poll (so it includes the
 * consumer's metadata and ListOffsets round trips, a few ms) to the last record.
 */
public final class ConsumeWorkload {

    private static final Duration POLL = Duration.ofMillis(200);

    private ConsumeWorkload() {
    }

    /**
     * {@link #run} {@code passes} times, a fresh consumer each, every pass from the first offset; the passes as one
     * result (records and time summed, {@link Throughput#plus}).
     */
    public static Throughput runPasses(String bootstrap, String topic, int partitions, long expected, int passes,
                                       Duration timeout) {
        Throughput result = run(bootstrap, topic, partitions, expected, timeout);
        for (int pass = 1; pass < passes; pass++) {
            result = result.plus(run(bootstrap, topic, partitions, expected, timeout));
        }
        return result;
    }

    public static Throughput run(String bootstrap, String topic, int partitions, long expected, Duration timeout) {
        List<TopicPartition> assignment = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assignment.add(new TopicPartition(topic, p));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap))) {
            consumer.assign(assignment);
            long records = 0;
            long bytes = 0;
            ClientThreadCpu clientCpu = ClientThreadCpu.start(); // the classic consumer does its I/O in poll()
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            while (records < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + records + " of " + expected + " records in " + timeout);
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    bytes += record.value().length;
                }
                records += batch.count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Throughput(records, bytes, seconds, clientCpu.busiestShare(seconds));
        }
    }
}
