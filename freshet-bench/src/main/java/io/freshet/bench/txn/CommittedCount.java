package io.freshet.bench.txn;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic back with a read_committed consumer (assign() all partitions, no group) up to its last stable
 * offsets, counting the records and those whose value is not upper case. The end offsets are asked again on every
 * pass, since a broker may write the commit markers of the last transaction just after answering its EndTxn.
 * Bounded by {@link #TIMEOUT}; whatever it has counted then is the answer.
 */
final class CommittedCount {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Count(long records, long notUpperCase) {
    }

    private CommittedCount() {
    }

    static Count of(String bootstrap, String topic, int partitions, long expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
            .mapToObj(p -> new TopicPartition(topic, p)).toList();
        long records = 0;
        long notUpper = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                TxnClients.readCommittedConsumer(bootstrap, null))) {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    if (!Uppercase.isUpperCase(record.value())) {
                        notUpper++;
                    }
                }
                if (records >= expected && atEnd(consumer, consumer.endOffsets(all))) {
                    break;
                }
            }
        }
        return new Count(records, notUpper);
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
