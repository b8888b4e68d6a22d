package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code freshet bench} (freshet-tools) in-process against the broker: bench produce creates the topic, sends every
 * record and prints a summary whose numbers are plausible; bench consume reads them all back; --json for scripts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchCliTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli cli() {
        return new Cli(FRESHET.bootstrapServers());
    }

    private long records(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                FRESHET.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = description.partitions().stream().collect(Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    @Test
    void shouldCreateTheTopicSendEveryRecordAndSummariseThroughputAndLatency() throws Exception {
        Cli.Run bench = cli().run("bench", "produce", "bench-load", "-n", "20000", "-s", "200", "--partitions", "2");
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(bench.err()).isEqualTo("freshet bench: created topic 'bench-load' (2 partitions)\n");
        List<String> lines = bench.lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).split("\\s+")).containsExactly("RECORDS", "FAILED", "SECONDS", "RECORDS/S", "MB/S",
                "AVG-MS", "P50-MS", "P95-MS", "P99-MS", "P99.9-MS", "MAX-MS");
        double[] row = Arrays.stream(lines.get(1).split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        assertThat(row[0]).isEqualTo(20_000);
        assertThat(row[1]).isZero();
        assertThat(row[3]).as("records/s").isPositive();
        assertThat(row[4]).as("MB/s = records/s * 200 B").isCloseTo(row[3] * 200 / (1024 * 1024),
                org.assertj.core.data.Offset.offset(0.02));
        assertThat(row[6]).as("p50 <= p95 <= p99 <= p99.9 <= max").isLessThanOrEqualTo(row[7]);
        assertThat(row[7]).isLessThanOrEqualTo(row[8]);
        assertThat(row[8]).isLessThanOrEqualTo(row[9]);
        assertThat(row[9]).isLessThanOrEqualTo(row[10]);
        assertThat(row[10]).isPositive();
        assertThat(records("bench-load")).isEqualTo(20_000);

        Cli.Run consume = cli().run("bench", "consume", "bench-load", "--json");
        assertThat(consume.exitCode()).as(consume.err()).isZero();
        JsonNode read = JSON.readTree(consume.out());
        assertThat(read.get("benchmark").asText()).isEqualTo("consume");
        assertThat(read.get("records").asLong()).isEqualTo(20_000);
        assertThat(read.get("bytes").asLong()).isEqualTo(20_000 * 200);
        assertThat(read.get("recordsPerSecond").asDouble()).isPositive();
    }

    @Test
    void shouldPrintJsonAndShowProgressOnATerminal() throws Exception {
        Cli.Run bench = cli().run("bench", "", true, "produce", "bench-json", "-n", "3000", "-s", "10", "--keys",
                "5", "--rate", "2000", "--json", "--acks", "1", "-z", "zstd");
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode summary = JSON.readTree(bench.out());
        assertThat(summary.get("records").asLong()).isEqualTo(3000);
        assertThat(summary.get("bytes").asLong()).isEqualTo(3000 * (10 + "key-0".length()));
        assertThat(summary.get("seconds").asDouble()).as("--rate 2000").isGreaterThanOrEqualTo(1.4);
        assertThat(summary.get("latencyMs").get("p99.9").asDouble()).isPositive();
        assertThat(bench.err()).containsPattern("\\r[\\d,]+ records  [\\d,]+ rec/s  \\d+\\.\\d MB/s  p99 \\d+\\.\\d\\d ms");
        assertThat(records("bench-json")).isEqualTo(3000);
    }

    @Test
    void shouldExitTwoOnBadArguments() {
        Cli.Run run = cli().run("bench", "produce", "t", "-z", "brotli");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("freshet bench: Unknown compression 'brotli'");
        assertThat(cli().run("bench", "fly").err()).startsWith("freshet bench: Unknown bench 'fly': produce or "
                + "consume");
        assertThat(cli().run("bench", "consume", "no-such-topic").exitCode()).isEqualTo(1);
    }
}
