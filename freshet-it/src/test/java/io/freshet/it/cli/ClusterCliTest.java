package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;

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

    private static Cli.Run cluster(String... args) {
        return new Cli(FRESHET.bootstrapServers()).run("cluster", args);
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
    @FreshetOnly("Freshet's own cluster id, version, MQTT and HTTP listeners and data directory")
    void shouldShowTheClusterItsListenersFeaturesAndLogDirectory() {
        assertThat(new Cli(FRESHET.bootstrapServers()).run("topic", "create", "info-data", "-p", "2")
                .exitCode()).isZero();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("info-data", "k" + i, "v".repeat(200)));
            }
        }

        Cli.Run info = cluster("info");

        assertThat(info.exitCode()).as(info.err()).isZero();
        Map<String, String> summary = keyValues(info.section("CLUSTER"));
        assertThat(summary).containsEntry("ID", FRESHET.broker().clusterId()).containsEntry("CONTROLLER", "1");
        assertThat(summary.get("VERSION")).startsWith("Freshet ").isNotEqualTo("Freshet unknown");

        String kafka = FRESHET.bootstrapServers();
        assertThat(info.section("BROKERS")).containsExactly(List.of("ID", "HOST", "PORT", "RACK"),
                List.of("1", kafka.split(":")[0], kafka.split(":")[1], "-"));
        assertThat(info.section("LISTENERS")).containsExactly(List.of("NAME", "ADDRESS"), List.of("kafka", kafka),
                List.of("mqtt", hostPort(FRESHET.mqttUri())), List.of("http", hostPort(FRESHET.httpUri())));

        assertThat(keyValues(info.section("FEATURES"))).containsKey("share.version");

        List<List<String>> dirs = info.section("LOG-DIRS");
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
        Cli.Run missing = Cli.withoutBootstrap().run("cluster");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("freshet cluster: Missing command: info").contains("Usage:");

        Cli.Run unknownOption = cluster("info", "--verbose");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).startsWith("freshet cluster: Unknown option: --verbose");

        Cli.Run badBootstrap = Cli.withoutBootstrap().run("cluster", "info", "-b", "nohost");
        assertThat(badBootstrap.exitCode()).isEqualTo(2);
        assertThat(badBootstrap.err()).contains("--bootstrap-server takes HOST:PORT");

        Cli.Run help = Cli.withoutBootstrap().run("cluster", "info", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: freshet cluster info");
    }
}
