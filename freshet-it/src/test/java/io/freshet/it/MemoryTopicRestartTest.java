package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A memory topic across restarts of a broker process: SIGKILL (kill -9) and SIGTERM. The topic (name, id,
 * partitions, configs) survives, its records do not, and its offsets never go backwards: after a crash the next
 * offset is at or above every one handed out before (the ceiling reserved on disk), after a clean stop it is the
 * exact end. An idempotent producer that outlives the broker carries on. Nothing of the records is ever on disk.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@FreshetOnly("memory (pub/sub) topics are Freshet's")
class MemoryTopicRestartTest {

    private static final String TOPIC = "ticker";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Path dataDir;
    private FreshetProcess broker;

    @BeforeEach
    void start() {
        dataDir = DataDirs.create("memory-restart");
        broker = FreshetProcess.start(dataDir, 0, Map.of("num.partitions", "2"));
    }

    @AfterEach
    void stop() {
        broker.close();
        DataDirs.deleteRecursively(dataDir); // kept when the test failed: this line is not reached
    }

    @Test
    void aKilledBrokerKeepsTheTopicEmptiesItAndNeverHandsOutAnOffsetTwice() throws Exception {
        KafkaClients.createTopic(broker.bootstrapServers(), TOPIC, 2,
                Map.of("freshet.storage", "memory", "retention.ms", "3600000"));
        TopicDescription before = describe();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers(),
                Map.of("delivery.timeout.ms", 60_000, "linger.ms", 0))) {
            long[] last = produce(producer, 200);
            assertOnlyTheCeilingOnDisk();

            broker.kill();
            broker.restart();

            TopicDescription after = describe();
            assertThat(after.topicId()).isEqualTo(before.topicId());
            assertThat(after.partitions()).hasSize(2);
            assertThat(storageOf(TOPIC)).isEqualTo("memory");
            for (int p = 0; p < 2; p++) {
                TopicPartition tp = new TopicPartition(TOPIC, p);
                long earliest = offset(tp, OffsetSpec.earliest());
                assertThat(offset(tp, OffsetSpec.latest())).as("%s is empty", tp).isEqualTo(earliest);
                assertThat(earliest).as("%s starts above every offset handed out", tp).isGreaterThan(last[p]);
            }
            assertThat(KafkaClients.readAll(broker.bootstrapServers(), TOPIC, TIMEOUT)).isEmpty();

            long[] next = produce(producer, 10); // the same idempotent producer, unknown to the restarted broker
            for (int p = 0; p < 2; p++) {
                assertThat(next[p]).as("next offset of partition %d", p).isGreaterThan(last[p]);
            }
            List<ConsumerRecord<String, String>> held = KafkaClients.readAll(broker.bootstrapServers(), TOPIC,
                    TIMEOUT);
            assertThat(held).hasSize(10);

            broker.stop();
            broker.restart();
            for (int p = 0; p < 2; p++) {
                TopicPartition tp = new TopicPartition(TOPIC, p);
                assertThat(offset(tp, OffsetSpec.earliest())).as("a clean stop keeps the exact end of %s", tp)
                        .isEqualTo(next[p] + 1);
            }
        }
        assertOnlyTheCeilingOnDisk();
    }

    /** Sends {@code count} records keyed over both partitions; returns the last offset acknowledged per partition. */
    private long[] produce(KafkaProducer<String, String> producer, int count) throws Exception {
        long[] last = {-1, -1};
        for (int i = 0; i < count; i++) {
            RecordMetadata written = producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "tick-" + i))
                    .get(60, TimeUnit.SECONDS);
            last[written.partition()] = Math.max(last[written.partition()], written.offset());
        }
        assertThat(last).as("both partitions written").doesNotContain(-1L);
        return last;
    }

    private void assertOnlyTheCeilingOnDisk() throws Exception {
        for (int p = 0; p < 2; p++) {
            try (Stream<Path> files = Files.list(dataDir.resolve(TOPIC + "-" + p))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("offset-ceiling");
            }
        }
    }

    private TopicDescription describe() throws Exception {
        try (Admin admin = KafkaClients.admin(broker.bootstrapServers())) {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
        }
    }

    private String storageOf(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = KafkaClients.admin(broker.bootstrapServers())) {
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("freshet.storage").value();
        }
    }

    private long offset(TopicPartition tp, OffsetSpec spec) throws Exception {
        try (Admin admin = KafkaClients.admin(broker.bootstrapServers())) {
            return admin.listOffsets(Map.of(tp, spec)).all().get(30, TimeUnit.SECONDS).get(tp).offset();
        }
    }
}
