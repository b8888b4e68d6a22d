package io.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(30)
class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(args, System.nanoTime(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldPrintTheVersion() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).startsWith("freshet ").doesNotContain("${");
    }

    @Test
    void shouldMergeTheConfigFileWithFlags() throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "num.partitions = 4\nlisteners=PLAINTEXT://127.0.0.1:9500\nlog.dirs=/from-file\n");
        ServerCommand server = new ServerCommand(0, new PrintWriter(err));

        new CommandLine(server).parseArgs("--config", file.toString(), "--port", "9600",
                "--set", "auto.create.topics.enable=false", "--set", "num.partitions=2");

        assertThat(server.brokerProperties())
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9600")
                .containsEntry("log.dirs", "/from-file")
                .containsEntry("num.partitions", "2")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void shouldExitWithCode2AndNameTheKeyOnAnInvalidValue() {
        int exitCode = run("server", "--port", "0", "--data-dir", dir.toString(), "--set", "num.partitions=zero");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("num.partitions").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitWithCode2WhenTheConfigFileIsMissing() {
        int exitCode = run("server", "--config", dir.resolve("missing.properties").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("missing.properties").doesNotContain("\tat ");
    }

    @Test
    void shouldExitWithCode2OnAMalformedSet() {
        assertThat(run("server", "--set", "num.partitions")).isEqualTo(2);
        assertThat(err.toString()).contains("KEY=VALUE");
    }

    @Test
    void shouldFormatUptimeForHumans() {
        assertThat(ServerCommand.uptime(Duration.ofMillis(1_250).toNanos())).isEqualTo("1.250 s");
        assertThat(ServerCommand.uptime(Duration.ofSeconds(3_725).toNanos())).isEqualTo("1h 2m 5s");
    }
}
