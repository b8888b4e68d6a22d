package io.freshet.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class FreshetProcessTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepAcknowledgedRecordsWhenKilledWithSigkill() throws Exception {
        try (FreshetProcess broker = FreshetProcess.start(dir.resolve("data"), 0, Map.of("num.partitions", "1"))) {
            Records.produce(broker.bootstrapServers(), "crash", 0, 1_000);
            long pid = broker.pid();

            int exitCode = broker.kill();

            assertThat(exitCode).isEqualTo(128 + 9);
            assertThat(ProcessHandle.of(pid)).isEmpty();
            broker.restart();
            assertThat(broker.pid()).isNotEqualTo(pid);
            assertThat(Records.readAll(broker.bootstrapServers(), "crash")).hasSize(1_001)
                    .startsWith("value-0").endsWith("value-last");
        }
    }

    @Test
    void shouldStopCleanlyOnSigtermAndLogWhereItListens() throws Exception {
        int port = FreshetProcess.freePort();
        FreshetProcess broker = FreshetProcess.start(dir.resolve("data"), port, Map.of());

        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
        assertThat(broker.httpPort()).isPositive();
        assertThat(broker.httpUri()).isEqualTo("http://127.0.0.1:" + broker.httpPort());
        assertThat(broker.stop()).isEqualTo(128 + 15);
        assertThat(broker.logFile()).isEqualTo(dir.resolve("data.log"));
        String log = Files.readString(broker.logFile());
        assertThat(log.lines().findFirst().orElse(""))
                .contains("listening on 127.0.0.1:" + port, dir.resolve("data").toString(), "started in");
        assertThat(log).contains("stopped after");
    }

    @Test
    void shouldReadTheListenerPortsFromTheStartupLineWhateverSurroundsIt() {
        String line = "12:00:00.123 INFO  Freshet 0.1.0-SNAPSHOT listening on 127.0.0.1:9092, MQTT on 127.0.0.1:41883, "
                + "HTTP on 127.0.0.1:48082, data in /tmp/d, started in 250 ms (120 ms since main)";

        assertThat(FreshetProcess.portsInStartupLine(line + "\n"))
                .hasValue(new FreshetProcess.StartupPorts(41883, 48082));
        assertThat(FreshetProcess.portsInStartupLine("WARN something first\n" + line + "\nINFO later\n"))
                .hasValue(new FreshetProcess.StartupPorts(41883, 48082));
        assertThat(FreshetProcess.portsInStartupLine(
                "Freshet 1.0 listening on ::1:9092, MQTT on ::1:1883, HTTP off, data in /d, started in 1 ms\r\n"))
                .hasValue(new FreshetProcess.StartupPorts(1883, -1));
        assertThat(FreshetProcess.portsInStartupLine(
                "Freshet 1.0 listening on 127.0.0.1:9092, MQTT off, HTTP on 127.0.0.1:8082, data in /d, started in 1 ms\n"))
                .hasValue(new FreshetProcess.StartupPorts(-1, 8082));
    }

    @Test
    void shouldReadEveryKafkaListenerOfTheStartupLine() {
        String line = "Freshet 0.1.0 listening on 127.0.0.1:9092 (PLAINTEXT), 127.0.0.1:9093 (SSL), "
                + "[::1]:9094 (EXTERNAL, SASL_SSL), MQTT on 127.0.0.1:1883, HTTP off, data in /d, started in 9 ms\n";

        assertThat(FreshetProcess.portsInStartupLine(line)).hasValue(new FreshetProcess.StartupPorts(1883, -1,
                Map.of("PLAINTEXT", 9092, "SSL", 9093, "EXTERNAL", 9094)));
    }

    @Test
    void shouldWaitForAWholeStartupLine() {
        String line = "Freshet 0.1.0 listening on 127.0.0.1:9092, MQTT on 127.0.0.1:41883, HTTP on 127.0.0.1:8082, "
                + "data in /d, started in 9 ms";

        assertThat(FreshetProcess.portsInStartupLine("")).isEmpty();
        assertThat(FreshetProcess.portsInStartupLine(line.substring(0, 60))).isEmpty();
        assertThat(FreshetProcess.portsInStartupLine(line)).isEmpty(); // no newline yet: maybe half a line
        assertThat(FreshetProcess.portsInStartupLine("stopped after 1 s; shutdown took 5 ms\n")).isEmpty();
    }
}
