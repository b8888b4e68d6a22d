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
    void shouldHandTheGroupsCommandToFreshetTools() {
        assertThat(run("groups", "list", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet groups list");

        assertThat(run("groups", "describe")).isEqualTo(2);
        assertThat(err.toString()).startsWith("freshet groups: Missing GROUP");
    }

    @Test
    void helpListsEveryCommandAndAnUnknownOneIsABadCommandLine() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Commands:");
        for (io.freshet.tools.cli.ToolCommand command : io.freshet.tools.Tools.commands()) {
            assertThat(out.toString())
                .containsPattern("(?m)^  " + command.name() + " +" + java.util.regex.Pattern.quote(command.summary()));
        }
        assertThat(out.toString()).containsPattern("(?m)^  server ").containsPattern("(?m)^  sql ");

        assertThat(run("topics-please")).isEqualTo(2);
        assertThat(err.toString()).startsWith("freshet: Unknown command: topics-please");
    }

    @Test
    void shouldMergeTheConfigFileWithFlags() throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "num.partitions = 4\nlisteners=PLAINTEXT://127.0.0.1:9500\nlog.dirs=/from-file\n");
        CommandLineArgs.Server options = (CommandLineArgs.Server) CommandLineArgs.parse("server", "--config",
                file.toString(), "--port", "9600", "--set", "auto.create.topics.enable=false",
                "--set=num.partitions=2");
        ServerCommand server = new ServerCommand(options, 0, new PrintWriter(err));

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
    void shouldExitWithCode2AndNameTheKeyOfABadTlsListener() {
        String listeners = "listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0";
        assertThat(run("server", "--port", "0", "--data-dir", dir.toString(), "--set", listeners)).isEqualTo(2);
        assertThat(err.toString()).contains("ssl.keystore.location").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(run("server", "--port", "0", "--data-dir", dir.toString(), "--set", listeners, "--set",
                "listener.name.ssl.ssl.keystore.location=" + dir.resolve("missing.p12"))).isEqualTo(2);
        assertThat(err.toString()).contains("listener.name.ssl.ssl.keystore.location: no readable file");
        assertThat(err.toString().strip().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(run("server", "--port", "0", "--data-dir", dir.toString(), "--set",
                "listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,PLAINTEXT://127.0.0.1:0")).isEqualTo(2);
        assertThat(err.toString()).contains("listeners: each listener must have a different name");
        assertThat(dir).isEmptyDirectory(); // refused before anything started
    }

    @Test
    void shouldExitWithCode2AndNameTheKeyOnAnInvalidMqttValue() {
        int exitCode = run("server", "--port", "0", "--mqtt-port", "0", "--data-dir", dir.toString(),
                "--set", "mqtt.max.packet.size=huge");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("mqtt.max.packet.size").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(dir).isEmptyDirectory(); // refused before anything started
    }

    @Test
    void shouldPassTheMqttPortFlagAsTheMqttListener() throws Exception {
        CommandLineArgs.Server options = (CommandLineArgs.Server) CommandLineArgs.parse("server", "--host",
                "127.0.0.2", "--mqtt-port", "-1");

        assertThat(new ServerCommand(options, 0, new PrintWriter(err)).brokerProperties())
                .containsEntry("listeners", "PLAINTEXT://127.0.0.2:9092")
                .containsEntry("mqtt.listeners", "MQTT://127.0.0.2:-1");
    }

    @Test
    void shouldPassTheHttpPortFlagAsTheHttpListenerAndRefuseABadHttpValue() throws Exception {
        CommandLineArgs.Server options = (CommandLineArgs.Server) CommandLineArgs.parse("server", "--host",
                "127.0.0.2", "--http-port", "0");

        assertThat(new ServerCommand(options, 0, new PrintWriter(err)).brokerProperties())
                .containsEntry("http.listeners", "HTTP://127.0.0.2:0");
        assertThat(run("server", "--http-port", "-2")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--http-port takes a port number, 0 for a free one or -1 for none, not '-2'");
        assertThat(run("server", "--port", "0", "--http-port", "0", "--data-dir", dir.toString(),
                "--set", "http.max.request.bytes=lots")).isEqualTo(2);
        assertThat(err.toString()).contains("http.max.request.bytes");
    }

    @Test
    void shouldExitWithCode2OnAnMqttPortThatIsNoPort() {
        assertThat(run("server", "--mqtt-port", "-2")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--mqtt-port takes a port number, 0 for a free one or -1 for none, not '-2'");
        assertThat(run("server", "--mqtt-port=65536")).isEqualTo(2);
        assertThat(run("server", "--mqtt-port", "x")).isEqualTo(2);
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
    void shouldExitWithCode2AndUsageOnAnUnknownOptionOrCommand() {
        assertThat(run("server", "--prot", "9092")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: --prot").contains("Usage: freshet server");
        assertThat(run("serve")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("server", "--port", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("--port takes a number, not 'abc'");
    }

    @Test
    void shouldPrintUsageOnHelp() {
        assertThat(run("server", "--help")).isZero();
        assertThat(out.toString()).contains("--data-dir DIR").contains("--mqtt-port PORT");
    }

    @Test
    void shouldFormatUptimeForHumans() {
        assertThat(ServerCommand.uptime(Duration.ofMillis(1_250).toNanos())).isEqualTo("1.250 s");
        assertThat(ServerCommand.uptime(Duration.ofSeconds(3_725).toNanos())).isEqualTo("1h 2m 5s");
    }
}
