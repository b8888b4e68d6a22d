package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.EmbeddedFreshet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A compacted topic with the real Java client: created through Admin with small segments, several values per key
 * and tombstones produced, the broker's cleaner (every 200 ms here) compacts the sealed segments, and a consumer
 * reading from offset 0 gets each key's latest value (tombstones included, delete.retention.ms not being over) at
 * the offset the producer was given.
 */
class CompactionTest {

    private static final String TOPIC = "changelog";
    private static final int KEYS = 20;
    private static final int ROUNDS = 6;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldServeTheLatestValueOfEachKeyAfterTheCleanerRan() throws Exception {
        try (EmbeddedFreshet broker = EmbeddedFreshet.start(Map.of("log.cleaner.backoff.ms", "200"))) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = KafkaClients.admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of(
                        "cleanup.policy", "compact", "segment.bytes", "1024", "segment.ms", "100",
                        "min.cleanable.dirty.ratio", "0.01")))).all().get(30, TimeUnit.SECONDS);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            }

            Map<String, Long> latestOffset = new LinkedHashMap<>();
            Map<String, String> latestValue = new HashMap<>();
            long produced = 0;
            try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap,
                    Map.of(ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all"))) {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int k = 0; k < KEYS; k++) {
                        String key = "key-" + k;
                        boolean tombstone = round == ROUNDS - 1 && k % 5 == 0;
                        String value = tombstone ? null : key + "-v" + round;
                        long offset = producer.send(new ProducerRecord<>(TOPIC, key, value)).get().offset();
                        latestOffset.put(key, offset);
                        latestValue.put(key, value);
                        produced++;
                    }
                    Thread.sleep(150); // the next append rolls the segment (segment.ms = 100)
                }
                // One more record, in a new segment, so that the last round's segment is sealed and cleanable.
                long last = producer.send(new ProducerRecord<>(TOPIC, "end", "end")).get().offset();
                latestOffset.put("end", last);
                latestValue.put("end", "end");
                produced++;

                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, null, "no key")).get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRecordException.class)
                        .hasMessageContaining("Compacted topic cannot accept message without key");
            }
            long endOffset = produced;
            assertThat(KafkaClients.endOffsets(bootstrap, TOPIC)).containsValue(endOffset);

            Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(KafkaClients.readAll(bootstrap, TOPIC, Duration.ofSeconds(20)))
                            .hasSize(latestOffset.size()));

            List<ConsumerRecord<String, String>> records = KafkaClients.readAll(bootstrap, TOPIC,
                    Duration.ofSeconds(20));
            Map<String, Long> readOffsets = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                assertThat(record.value()).as(record.key()).isEqualTo(latestValue.get(record.key()));
                readOffsets.put(record.key(), record.offset());
            }
            assertThat(readOffsets).isEqualTo(latestOffset);
            assertThat(records.stream().filter(r -> r.value() == null)).hasSize(KEYS / 5);
            Map<TopicPartition, Long> end = KafkaClients.endOffsets(bootstrap, TOPIC);
            assertThat(end).containsValue(endOffset);

            // After a restart the cleaned log reads the same, and the cleaner does not redo its work.
            broker.restart();
            assertThat(KafkaClients.readAll(broker.bootstrapServers(), TOPIC, Duration.ofSeconds(20)))
                    .extracting(ConsumerRecord::offset).containsExactlyElementsOf(latestOffset.values());
        }
    }
}
