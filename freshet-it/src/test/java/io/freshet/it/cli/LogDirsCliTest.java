package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kafka-log-dirs.sh --describe} (Kafka 4.4's LogDirsCommand, from kafka-tools) against the broker, run
 * in-process with its JSON output captured: the one data directory, every partition of the topics asked for, sizes
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

    /** Partition name ("topic-N") -> size, of the one log directory of the one broker. */
    private static Map<String, Long> sizes(JsonNode report) {
        JsonNode brokers = report.get("brokers");
        assertThat(brokers).hasSize(1);
        JsonNode dirs = brokers.get(0).get("logDirs");
        assertThat(dirs).hasSize(1);
        JsonNode dir = dirs.get(0);
        assertThat(dir.get("error").isNull()).as("error of %s", dir).isTrue();
        assertThat(dir.get("logDir").asText()).isNotBlank();
        Map<String, Long> sizes = new HashMap<>();
        for (JsonNode partition : dir.get("partitions")) {
            assertThat(partition.get("offsetLag").asLong()).isZero();
            assertThat(partition.get("isFuture").asBoolean()).isFalse();
            sizes.put(partition.get("partition").asText(), partition.get("size").asLong());
        }
        return sizes;
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
        create("sized", 3, Map.of());

        Map<String, Long> empty = sizes(logDirs("--topic-list", "sized"));
        assertThat(empty).containsOnlyKeys("sized-0", "sized-1", "sized-2").allSatisfy((p, size) ->
                assertThat(size).as(p).isZero());

        produce("sized", 1, 100);
        Map<String, Long> after100 = sizes(logDirs("--topic-list", "sized"));
        produce("sized", 1, 100);
        Map<String, Long> after200 = sizes(logDirs("--topic-list", "sized"));

        assertThat(after100.get("sized-1")).isGreaterThan(100L * 100);
        assertThat(after200.get("sized-1")).isGreaterThan(after100.get("sized-1"));
        assertThat(after200).containsEntry("sized-0", 0L).containsEntry("sized-2", 0L);
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
