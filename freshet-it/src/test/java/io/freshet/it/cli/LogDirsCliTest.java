package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.freshet.it.UniqueNames;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.LogDirsCommand;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kafka-log-dirs.sh --describe} (Kafka 4.4's LogDirsCommand, from kafka-tools) against the broker, run
 * in-process with its JSON output captured: each broker's data directory, every partition of the topics asked for, sizes
 * that are 0 before any record and grow with the records written, a memory topic with the bytes its ring holds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogDirsCliTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs LogDirsCommand, whose main exits through Kafka's {@link Exit}: the exit code is caught instead. */
    private static JsonNode logDirs(String... args) throws Exception {
        List<String> words = new ArrayList<>(List.of("--bootstrap-server", FRESHET.bootstrapServers(), "--describe"));
        words.addAll(List.of(args));
        AtomicInteger exitCode = new AtomicInteger(-1);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        Exit.setExitProcedure((code, message) -> exitCode.set(code));
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogDirsCommand.main(words.toArray(String[]::new));
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
        }
        assertThat(exitCode.get()).as("exit code; printed:%n%s", captured).isZero();
        String json = captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("{"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON in: " + captured));
        return JSON.readTree(json);
    }

    /**
     * Partition name ("topic-N") -> size, from the one log directory of every broker of the cluster (one on
     * Freshet); a partition with replicas on several brokers has the size of its largest replica.
     */
    private static Map<String, Long> sizes(JsonNode report) throws Exception {
        JsonNode brokers = report.get("brokers");
        assertThat(brokers).as("a report per broker").hasSize(brokerCount());
        Map<String, Long> sizes = new HashMap<>();
        for (JsonNode broker : brokers) {
            JsonNode dirs = broker.get("logDirs");
            assertThat(dirs).as("log directories of broker %s", broker.get("broker")).hasSize(1);
            JsonNode dir = dirs.get(0);
            assertThat(dir.get("error").isNull()).as("error of %s", dir).isTrue();
            assertThat(dir.get("logDir").asText()).isNotBlank();
            for (JsonNode partition : dir.get("partitions")) {
                assertThat(partition.get("offsetLag").asLong()).isZero();
                assertThat(partition.get("isFuture").asBoolean()).isFalse();
                sizes.merge(partition.get("partition").asText(), partition.get("size").asLong(), Math::max);
            }
        }
        return sizes;
    }

    private static int brokerCount() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                FRESHET.bootstrapServers()))) {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        }
    }

    private static void create(String topic, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                FRESHET.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static void produce(String topic, int partition, int records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k" + i, "value-" + i + "-" + "x".repeat(100)));
            }
            producer.flush();
        }
    }

    @Test
    void shouldListEveryPartitionWithASizeThatGrowsWithItsRecords() throws Exception {
        String topic = UniqueNames.of("sized");
        create(topic, 3, Map.of());

        // Kafka's broker creates the partitions' logs once it applies the controller's record, after CreateTopics
        // has answered; Freshet before it answers. Both list all three within a bounded wait.
        Map<String, Long> empty = Awaitility.await("all three partitions in the log directory")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> sizes(logDirs("--topic-list", topic)), found -> found.size() == 3);
        assertThat(empty).containsOnlyKeys(topic + "-0", topic + "-1", topic + "-2").allSatisfy((p, size) ->
                assertThat(size).as(p).isZero());

        produce(topic, 1, 100);
        Map<String, Long> after100 = sizes(logDirs("--topic-list", topic));
        produce(topic, 1, 100);
        Map<String, Long> after200 = sizes(logDirs("--topic-list", topic));

        assertThat(after100.get(topic + "-1")).isGreaterThan(100L * 100);
        assertThat(after200.get(topic + "-1")).isGreaterThan(after100.get(topic + "-1"));
        assertThat(after200).containsEntry(topic + "-0", 0L).containsEntry(topic + "-2", 0L);
    }

    @Test
    @FreshetOnly("a memory topic (freshet.storage=memory) and its ring bytes are Freshet's")
    void shouldListEveryTopicWithoutATopicListAndAMemoryTopicWithItsRingBytes() throws Exception {
        create("on-disk", 2, Map.of());
        create("in-memory", 1, Map.of("freshet.storage", "memory"));
        produce("in-memory", 0, 10);

        Map<String, Long> all = sizes(logDirs());

        assertThat(all).containsKeys("on-disk-0", "on-disk-1", "in-memory-0");
        assertThat(all.get("in-memory-0")).as("bytes of the batches in the ring").isGreaterThan(10L * 100);
    }
}
