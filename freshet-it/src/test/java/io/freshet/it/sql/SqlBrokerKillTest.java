package io.freshet.it.sql;

import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker, running the alert and the per-minute queries in process, is killed with SIGKILL while they process
 * and restarted on the same data directory: the queries resume (their definitions are in the command topic, their
 * positions and state in committed offsets and changelogs), and what they committed to their sink topics, read
 * read_committed, equals the oracle's output exactly: no alert and no window missing or written twice.
 */
@FreshetOnly("kill -9 of a Freshet process running persistent queries")
class SqlBrokerKillTest {

    private static final int READINGS = 4_000;
    private static final int DEVICES = 25;
    private static final int BATCH = 250;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void committedOutputsEqualTheOraclesAfterAKillAndRestart() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("freshet.it.workDir", "target/it-data"))
            .resolve("sql-broker-kill-" + System.nanoTime()));
        List<Reading> input = ReadingsScenario.input(42, READINGS, DEVICES);
        List<ReadingsOracle.Alert> alerts = ReadingsOracle.alerts(input);
        ReadingsOracle.Windows windows = ReadingsOracle.perMinute(input, ReadingsScenario::partitionOf);
        int half = input.size() / 2;

        try (FreshetProcess broker = FreshetProcess.start(work.resolve("data"), 0, Map.of())) {
            String bootstrap = broker.bootstrapServers();
            ReadingsScenario.createInputTopic(bootstrap);
            try (SqlClient sql = SqlClient.submitter(bootstrap, work.resolve("client"))) {
                sql.run(ReadingsScenario.STATEMENTS);
            }
            try (KafkaProducer<String, String> producer = ReadingsScenario.producer(bootstrap)) {
                for (int from = 0; from < half; from += BATCH) {
                    ReadingsScenario.produce(producer, input.subList(from, Math.min(half, from + BATCH)));
                }
            }
            Awaitility.await("the alert query wrote (and committed) some of its output")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> endOffset(bootstrap, ReadingsScenario.HOT_TOPIC) > 0);

            broker.kill();
            broker.restart();

            try (KafkaProducer<String, String> producer = ReadingsScenario.producer(bootstrap)) {
                for (int from = half; from < input.size(); from += BATCH) {
                    ReadingsScenario.produce(producer, input.subList(from, Math.min(input.size(), from + BATCH)));
                }
            }
            List<ReadingsOracle.Alert> hot = ReadingsScenario.alerts(ReadingsScenario.readCommitted(bootstrap,
                ReadingsScenario.HOT_TOPIC, alerts.size(), Duration.ofSeconds(90)));
            List<ReadingsOracle.WindowResult> perMinute = ReadingsScenario.windows(ReadingsScenario.readCommitted(
                bootstrap, ReadingsScenario.PER_MINUTE_TOPIC, windows.emitted().size(), Duration.ofSeconds(60)));

            System.out.printf("SQL broker kill: %d readings, %d alerts (oracle %d), %d windows (oracle %d, %d late)%n",
                input.size(), hot.size(), alerts.size(), perMinute.size(), windows.emitted().size(),
                windows.lateRecords());
            OracleAssertions.assertAlerts(hot, alerts);
            OracleAssertions.assertWindows(perMinute, windows.emitted());
        }
    }

    /** The records of {@code topic} visible so far (its partitions' end offsets, summed). */
    private static long endOffset(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
        }
    }
}
