package io.freshet.tools.bench;

import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.ProgressLine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the topic from the beginning with an assigned consumer until it has the records asked for (default: all
 * there were when it started). Bytes are keys plus values. Gives up when nothing arrives for {@link #IDLE}.
 */
final class ConsumeBenchmark {

    static final Duration IDLE = Duration.ofSeconds(10);

    private final BenchRequest.Consume request;
    private final List<TopicPartition> partitions;
    private final ProgressLine progress;
    private final LongSupplier nanoClock;

    ConsumeBenchmark(BenchRequest.Consume request, List<TopicPartition> partitions, ProgressLine progress,
            LongSupplier nanoClock) {
        this.request = request;
        this.partitions = partitions;
        this.progress = progress;
        this.nanoClock = nanoClock;
    }

    BenchResult run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                ClientProperties.only(request.consumerConfig(), ConsumerConfig.configNames()))) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long available = partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
            long wanted = request.records().orElse(available);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long start = nanoClock.getAsLong();
            long lastRecord = start;
            while (records < wanted) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                long now = nanoClock.getAsLong();
                if (batch.isEmpty() && now - lastRecord > IDLE.toNanos()) {
                    throw new CommandFailedException("Read " + records + " of " + wanted + " records: nothing came "
                            + "for " + IDLE.toSeconds() + " s (the topic has " + available + ")");
                }
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                    lastRecord = now;
                }
                if (progress.due()) {
                    progress.show(ProgressLine.rates(records, bytes, now - start));
                }
            }
            long elapsed = nanoClock.getAsLong() - start;
            progress.clear();
            return new BenchResult("consume", records, 0, bytes, elapsed, null);
        }
    }
}
