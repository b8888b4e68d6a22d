package io.freshet.it.sql;

import io.freshet.sql.cli.SqlCommand;
import io.freshet.sql.cli.StopSignal;
import io.freshet.testkit.EmbeddedFreshet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same statements, unchanged, on Apache Kafka 4.4 with {@code freshet sql --standalone} (the queries run in
 * the command's process, here {@link SqlCommand} in the test JVM) and inside Freshet: both outputs equal the
 * oracle's, so they equal each other. Needs a Kafka broker: {@code scripts/suite-on-kafka.sh} starts one and passes
 * {@value #KAFKA_PROPERTY} (its suite phase); without it the test is skipped (CI runs no Kafka).
 */
@EnabledIfSystemProperty(named = SqlOnKafkaTest.KAFKA_PROPERTY, matches = ".+")
class SqlOnKafkaTest {

    static final String KAFKA_PROPERTY = "freshet.it.sqlKafkaBootstrap";
    private static final int READINGS = 3_000;
    private static final int DEVICES = 20;

    @TempDir
    Path work;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void standaloneOnKafkaAndInsideFreshetGiveTheOraclesOutputs() throws Exception {
        List<Reading> input = ReadingsScenario.input(7, READINGS, DEVICES);
        List<ReadingsOracle.Alert> alerts = ReadingsOracle.alerts(input);
        ReadingsOracle.Windows windows = ReadingsOracle.perMinute(input, ReadingsScenario::partitionOf);
        Path file = Files.writeString(work.resolve("readings.sql"), ReadingsScenario.STATEMENTS);

        Outputs kafka = onKafka(System.getProperty(KAFKA_PROPERTY), file, input, alerts.size(),
            windows.emitted().size());
        Outputs freshet = inFreshet(input, alerts.size(), windows.emitted().size());

        System.out.printf("SQL on Kafka 4.4 (standalone): %d alerts, %d windows; in Freshet: %d alerts, %d windows;"
                + " oracle: %d alerts, %d windows (%d late readings)%n", kafka.alerts().size(),
            kafka.windows().size(), freshet.alerts().size(), freshet.windows().size(), alerts.size(),
            windows.emitted().size(), windows.lateRecords());
        OracleAssertions.assertAlerts(kafka.alerts(), alerts);
        OracleAssertions.assertWindows(kafka.windows(), windows.emitted());
        OracleAssertions.assertAlerts(freshet.alerts(), alerts);
        OracleAssertions.assertWindows(freshet.windows(), windows.emitted());
        assertThat(ReadingsScenario.byDevice(freshet.alerts())).isEqualTo(ReadingsScenario.byDevice(kafka.alerts()));
        assertThat(ReadingsScenario.sorted(freshet.windows())).isEqualTo(ReadingsScenario.sorted(kafka.windows()));
    }

    /** {@code freshet sql --standalone --bootstrap-server KAFKA -f FILE}, running until stopped. */
    private Outputs onKafka(String bootstrap, Path file, List<Reading> input, int alerts, int windows)
            throws Exception {
        ReadingsScenario.createInputTopic(bootstrap);
        StopSignal stop = StopSignal.manual();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> command = CompletableFuture.supplyAsync(() -> SqlCommand.run(List.of(
                "--standalone", "--bootstrap-server", bootstrap, "-f", file.toString(),
                "--state-dir", work.resolve("standalone-state").toString()),
            new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true), stop));
        try {
            produce(bootstrap, input);
            return read(bootstrap, alerts, windows);
        } finally {
            stop.stop();
            int code = command.get(90, TimeUnit.SECONDS);
            assertThat(code).as("freshet sql --standalone exit code; stderr: " + err).isEqualTo(0);
            assertThat(out.toString()).contains("Running the cluster's persistent queries in this process");
        }
    }

    /** The same statements submitted to a Freshet broker, which runs them itself. */
    private Outputs inFreshet(List<Reading> input, int alerts, int windows) throws Exception {
        try (EmbeddedFreshet freshet = EmbeddedFreshet.start()) {
            String bootstrap = freshet.bootstrapServers();
            ReadingsScenario.createInputTopic(bootstrap);
            try (SqlClient sql = SqlClient.submitter(bootstrap, work.resolve("client"))) {
                sql.run(ReadingsScenario.STATEMENTS);
            }
            produce(bootstrap, input);
            return read(bootstrap, alerts, windows);
        }
    }

    private static void produce(String bootstrap, List<Reading> input) throws Exception {
        try (KafkaProducer<String, String> producer = ReadingsScenario.producer(bootstrap)) {
            ReadingsScenario.produce(producer, input);
        }
    }

    private static Outputs read(String bootstrap, int alerts, int windows) throws Exception {
        return new Outputs(
            ReadingsScenario.alerts(ReadingsScenario.readCommitted(bootstrap, ReadingsScenario.HOT_TOPIC, alerts,
                Duration.ofSeconds(90))),
            ReadingsScenario.windows(ReadingsScenario.readCommitted(bootstrap, ReadingsScenario.PER_MINUTE_TOPIC,
                windows, Duration.ofSeconds(60))));
    }

    private record Outputs(List<ReadingsOracle.Alert> alerts, List<ReadingsOracle.WindowResult> windows) {
    }
}
