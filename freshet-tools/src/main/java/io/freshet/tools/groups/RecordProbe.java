package io.freshet.tools.groups;

import io.freshet.tools.cli.ClientProperties;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads single records from one cluster: the first record at or after an offset, as {@code copy-offsets} compares
 * them across two clusters. One consumer without a group, owned by the caller's thread.
 */
final class RecordProbe implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** What identifies a record across clusters: where it is and everything it carries. */
    record Seen(long offset, byte[] key, byte[] value, long timestamp, List<Header> headers) {
        boolean sameAs(Seen other) {
            return offset == other.offset && Arrays.equals(key, other.key) && Arrays.equals(value, other.value)
                    && timestamp == other.timestamp && headers.equals(other.headers);
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;

    RecordProbe(Properties clientConfig) {
        Properties config = ClientProperties.only(clientConfig, ConsumerConfig.configNames());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-groups-probe");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The first record at or after {@code offset} below {@code logEnd}; empty when there is none. */
    Optional<Seen> firstAtOrAfter(TopicPartition partition, long offset, long logEnd) {
        if (offset >= logEnd) {
            return Optional.empty();
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && consumer.position(partition) < logEnd) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                return Optional.of(new Seen(record.offset(), record.key(), record.value(), record.timestamp(),
                        Arrays.asList(record.headers().toArray())));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
