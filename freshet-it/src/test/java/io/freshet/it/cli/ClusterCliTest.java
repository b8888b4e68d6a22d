package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;
import io.freshet.tools.cluster.ClusterCommand;
import io.freshet.tools.topic.TopicCommand;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code freshet cluster info} (freshet-tools) against the broker, in-process with captured output: each section
 * parsed and checked against what the broker is (its cluster id, node id, bound listeners, data directory, the
 * bytes written), and a bad command line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCliTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private static CliRun cluster(String... args) {
        return CliRun.of(ClusterCommand.TOOL, FRESHET.bootstrapServers(), args);
    }

    /** The rows of one section (after its title and underline, up to a blank line), header included. */
    private static List<List<String>> section(CliRun run, String title) {
        List<String> lines = run.out().lines().toList();
        int start = lines.indexOf(title);
        assertThat(start).as("section %s in%n%s", title, run.out()).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
            rows.add(List.of(lines.get(i).trim().split("\\s+")));
        }
        return rows;
    }

    private static Map<String, String> keyValues(List<List<String>> rows) {
        Map<String, String> values = new LinkedHashMap<>();
        rows.forEach(row -> values.put(row.get(0), String.join(" ", row.subList(1, row.size()))));
        return values;
    }

    private static String hostPort(String uri) {
        return uri.substring(uri.indexOf("://") + 3);
    }

    @Test
    void shouldShowTheClusterItsListenersFeaturesAndLogDirectory() {
        assertThat(CliRun.of(TopicCommand.TOOL, FRESHET.bootstrapServers(), "create", "info-data", "-p", "2")
                .exitCode()).isZero();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("info-data", "k" + i, "v".repeat(200)));
            }
        }

        CliRun info = cluster("info");

        assertThat(info.exitCode()).as(info.err()).isZero();
        Map<String, String> summary = keyValues(section(info, "CLUSTER"));
        assertThat(summary).containsEntry("ID", FRESHET.broker().clusterId()).containsEntry("CONTROLLER", "1");
        assertThat(summary.get("VERSION")).startsWith("Freshet ").isNotEqualTo("Freshet unknown");

        String kafka = FRESHET.bootstrapServers();
        assertThat(section(info, "BROKERS")).containsExactly(List.of("ID", "HOST", "PORT", "RACK"),
                List.of("1", kafka.split(":")[0], kafka.split(":")[1], "-"));
        assertThat(section(info, "LISTENERS")).containsExactly(List.of("NAME", "ADDRESS"), List.of("kafka", kafka),
                List.of("mqtt", hostPort(FRESHET.mqttUri())), List.of("http", hostPort(FRESHET.httpUri())));

        assertThat(keyValues(section(info, "FEATURES"))).containsKey("share.version");

        List<List<String>> dirs = section(info, "LOG-DIRS");
        assertThat(dirs.get(0)).containsExactly("BROKER", "DIR", "PARTITIONS", "SIZE", "TOTAL", "USABLE", "STATUS");
        assertThat(dirs).hasSize(2);
        List<String> dir = dirs.get(1);
        assertThat(dir.get(0)).isEqualTo("1");
        assertThat(dir.get(1)).isEqualTo(FRESHET.broker().dataDir().toAbsolutePath().toString());
        assertThat(Integer.parseInt(dir.get(2))).isGreaterThanOrEqualTo(2);
        assertThat(Long.parseLong(dir.get(3))).isGreaterThan(50L * 200);
        assertThat(Long.parseLong(dir.get(4))).isGreaterThanOrEqualTo(Long.parseLong(dir.get(5))).isPositive();
        assertThat(dir.get(6)).isEqualTo("OK");
    }

    @Test
    void shouldExitWithUsageOnABadCommandLine() {
        CliRun missing = CliRun.withoutBootstrap(ClusterCommand.TOOL);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("freshet cluster: Missing command: info").contains("Usage:");

        CliRun unknownOption = cluster("info", "--verbose");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).startsWith("freshet cluster: Unknown option: --verbose");

        CliRun badBootstrap = CliRun.withoutBootstrap(ClusterCommand.TOOL, "info", "-b", "nohost");
        assertThat(badBootstrap.exitCode()).isEqualTo(2);
        assertThat(badBootstrap.err()).contains("--bootstrap-server takes HOST:PORT");

        CliRun help = CliRun.withoutBootstrap(ClusterCommand.TOOL, "info", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: freshet cluster info");
    }
}
