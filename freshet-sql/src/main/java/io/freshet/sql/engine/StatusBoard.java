package io.freshet.sql.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest status of every query, read from the status topic (SHOW QUERIES, DESCRIBE EXTENDED, the CLI's wait
 * for RUNNING). {@link #refresh} reads to the topic's end. Not thread-safe: used under the engine's submit lock.
 */
final class StatusBoard implements AutoCloseable {

    private static final TopicPartition PARTITION = new TopicPartition(ClusterTopics.STATUS_TOPIC, 0);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, QueryStatus> latest = new HashMap<>();

    StatusBoard(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
    }

    void refresh() {
        long end = consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(30)).get(PARTITION);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() == null) {
                    continue;
                }
                String id = new String(record.key(), StandardCharsets.UTF_8);
                Optional<QueryStatus> status = QueryStatus.fromBytes(id, record.value());
                if (status.isPresent()) {
                    latest.put(id, status.get());
                } else {
                    latest.remove(id);
                }
            }
        }
    }

    Optional<QueryStatus> status(String queryId) {
        return Optional.ofNullable(latest.get(queryId));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
