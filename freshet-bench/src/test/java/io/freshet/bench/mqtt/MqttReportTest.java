package io.freshet.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.bench.report.MachineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttReportTest {

    private static final MqttBenchOptions OPTIONS = MqttBenchOptions.parse();

    @Test
    void shouldTakeMediansAndRatiosOfFreshetOverMosquitto() {
        MqttTable table = MqttTable.of(List.of(
            m(1, MqttTarget.FRESHET, "QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S, 30_000),
            m(2, MqttTarget.FRESHET, "QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S, 10_000),
            m(3, MqttTarget.FRESHET, "QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S, 20_000),
            m(1, MqttTarget.MOSQUITTO, "QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S, 40_000)));

        MqttTable.Row row = table.row("QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S).orElseThrow();

        assertThat(row.cell(MqttTarget.FRESHET).median()).isEqualTo(20_000);
        assertThat(row.cell(MqttTarget.FRESHET).count()).isEqualTo(3);
        assertThat(row.ratio()).isEqualTo(0.5);
        assertThat(MqttReport.tableMarkdown(table)).contains("| QoS 1, 1 publisher | messages/s ↑ | 20,000 | 40,000 |"
            + " 0.50 | 3/1 | 10,000–30,000 | 40,000–40,000 |");
    }

    @Test
    void shouldSayWhichTargetsAreMet() {
        List<MqttMeasurement> ms = new ArrayList<>();
        ms.add(m(1, MqttTarget.FRESHET, "QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S, 30_000));
        ms.add(m(1, MqttTarget.MOSQUITTO, "QoS 1, 1 publisher", MqttMetric.MESSAGES_PER_S, 20_000));
        ms.add(m(1, MqttTarget.FRESHET, "QoS 1, 100 publishers", MqttMetric.MESSAGES_PER_S, 10_000));
        ms.add(m(1, MqttTarget.MOSQUITTO, "QoS 1, 100 publishers", MqttMetric.MESSAGES_PER_S, 20_000));
        ms.add(m(1, MqttTarget.FRESHET, OPTIONS.latencyCaseName(), MqttMetric.P99_MS, 3));
        ms.add(m(1, MqttTarget.MOSQUITTO, OPTIONS.latencyCaseName(), MqttMetric.P99_MS, 1));
        ms.add(m(1, MqttTarget.FRESHET, OPTIONS.idleCaseName(), MqttMetric.KIB_PER_CONNECTION, 12));
        ms.add(m(1, MqttTarget.MOSQUITTO, OPTIONS.idleCaseName(), MqttMetric.KIB_PER_CONNECTION, 1));

        String report = MqttReport.render(MqttTable.of(ms), run(List.of("Freshet, round 1, QoS 0: boom")));

        assertThat(report)
            .contains("publisher (messages/s PUBACKed): Freshet (fsync before PUBACK) >= Mosquitto (no fsync) | 30,000"
                + " | 20,000 | 1.50 | yes |")
            .contains("publishers (messages/s PUBACKed): Freshet (fsync before PUBACK) >= Mosquitto (no fsync) |"
                + " 10,000 | 20,000 | 0.50 | **no** |")
            .contains("Freshet <= 2x Mosquitto | 3.000 ms | 1.000 ms | 3.00 | **no** |")
            .contains("Freshet <= 20 KiB | 12.0 KiB | 1.000 KiB | 12.00 | yes |")
            .contains("- Freshet, round 1, QoS 0: boom");
    }

    @Test
    void shouldKeepTheHandWrittenPartWhenRewriting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mqtt-bench.md");
        Files.writeString(file, "old numbers\n" + MqttReport.KEPT + "\n## Analysis\nwhy p99 is high\n");

        MqttReport.write(file, MqttTable.of(List.of()), run(List.of()));

        String text = Files.readString(file);
        assertThat(text).doesNotContain("old numbers").contains("No case failed.")
            .endsWith(MqttReport.KEPT + "\n## Analysis\nwhy p99 is high\n");
    }

    private static MqttMeasurement m(int round, MqttTarget target, String caseName, MqttMetric metric, double v) {
        return new MqttMeasurement(round, target, caseName, metric, v);
    }

    private static MqttReport.Run run(List<String> failures) {
        return new MqttReport.Run("2026-12-03 10:00", "bench/mqtt.sh", false, false, 3, 8.0,
            new MachineInfo(2, "cpu", "24 GiB", "6.1", "OpenJDK 17"), "freshet 0.1.0", "mosquitto version 2.0.11",
            "java ...\n", "mosquitto -c FILE\n", "one JVM", OPTIONS, "0.144 ms", "0.5", 0.7, List.of(), List.of(), failures,
            "freshet-bench/target/mqtt-results/x.csv");
    }
}
