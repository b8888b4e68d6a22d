package io.freshet.bench.txn;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The consume-transform-produce loop, exactly once: a read_committed consumer in a group reads the input topic;
 * for every poll that returns records, one transaction sends each record upper-cased to the same partition of
 * the output topic, adds the consumed offsets with {@code sendOffsetsToTransaction(offsets, groupMetadata())} and
 * commits. It stops once every input record has been processed.
 *
 * <p>Two clocks: the group join (subscribe and first poll until the partitions are assigned) and the loop proper,
 * from the assignment (in that first poll, before any record is fetched) to the end of the last commit. Only the
 * second gives records/s: the join is dominated by the broker's group.initial.rebalance.delay.ms, a setting that
 * differs between the brokers. Bounded: fails after {@link #TIMEOUT}.
 */
public final class ConsumeTransformProduce {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What the loop did. */
    public record Result(long records, int transactions, double seconds, double joinSeconds) {

        public double recordsPerSecond() {
            return records / seconds;
        }

        public double transactionsPerSecond() {
            return transactions / seconds;
        }
    }

    private ConsumeTransformProduce() {
    }

    public static Result run(String bootstrap, String input, String output, long records, String groupId,
                             String transactionalId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        AssignmentClock clock = new AssignmentClock();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                TxnClients.transactionalProducer(bootstrap, transactionalId));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                TxnClients.readCommittedConsumer(bootstrap, groupId))) {
            producer.initTransactions();
            producer.partitionsFor(output);
            long joinStart = System.nanoTime();
            consumer.subscribe(List.of(input), clock);
            long processed = 0;
            int transactions = 0;
            while (processed < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the loop processed " + processed + " of " + records
                        + " records in " + TIMEOUT.toSeconds() + " s");
                }
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                if (polled.isEmpty()) {
                    continue;
                }
                processed += transformInTransaction(producer, consumer, polled, output);
                transactions++;
            }
            long end = System.nanoTime();
            long assigned = clock.firstAssignmentNanos() != 0 ? clock.firstAssignmentNanos() : joinStart;
            return new Result(processed, transactions, (end - assigned) / 1e9, (assigned - joinStart) / 1e9);
        }
    }

    private static int transformInTransaction(KafkaProducer<byte[], byte[]> producer,
                                              KafkaConsumer<byte[], byte[]> consumer,
                                              ConsumerRecords<byte[], byte[]> polled, String output) {
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            producer.send(new ProducerRecord<>(output, record.partition(), record.key(), Uppercase.apply(record.value())));
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            count++;
        }
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        producer.commitTransaction();
        return count;
    }

    /** Notes when the group first assigned partitions to the loop's consumer. */
    private static final class AssignmentClock implements ConsumerRebalanceListener {

        private long firstAssignmentNanos;

        long firstAssignmentNanos() {
            return firstAssignmentNanos;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (firstAssignmentNanos == 0 && !partitions.isEmpty()) {
                firstAssignmentNanos = System.nanoTime();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }
    }
}
