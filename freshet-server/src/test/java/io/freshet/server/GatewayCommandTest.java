package io.freshet.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code freshet gateway}'s command line: flags, help, and what a bad or missing value says. */
@Timeout(30)
class GatewayCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(args, System.nanoTime(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpDescribesTheGatewayAndTheCommandListNamesIt() {
        assertThat(run("gateway", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet gateway --bootstrap-server")
            .contains("--mqtt-port", "--http-port", "gateway.poll.interval.ms");

        assertThat(run("--help")).isZero();
        assertThat(out.toString()).containsPattern("(?m)^  gateway +runs the MQTT and HTTP listeners");
    }

    @Test
    void flagsBecomeTheListenersAndTheBootstrapList() throws Exception {
        Files.writeString(dir.resolve("gateway.properties"),
            "kafka.security.protocol=SASL_PLAINTEXT\ngateway.poll.interval.ms=20\n");
        CommandLineArgs.Gateway options = (CommandLineArgs.Gateway) CommandLineArgs.parse("gateway",
            "--bootstrap-server", "k1:9092,k2:9092", "--mqtt-port", "0", "--http-port=-1", "--host", "127.0.0.3",
            "--config", dir.resolve("gateway.properties").toString(), "--set", "mqtt.max.inflight.messages=10");

        FreshetGateway.Config config = FreshetGateway.Config.fromProperties(
            new GatewayCommand(options, 0, new PrintWriter(err)).properties());

        assertThat(config.log().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.log().clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(config.log().pollInterval().toMillis()).isEqualTo(20);
        assertThat(config.mqtt().host()).isEqualTo("127.0.0.3");
        assertThat(config.mqtt().port()).isZero();
        assertThat(config.http().enabled()).isFalse();
    }

    @Test
    void withoutABootstrapListOrWithABadValueItExitsWith2NamingIt() {
        assertThat(run("gateway", "--mqtt-port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-server");

        assertThat(run("gateway", "--bootstrap-server", "127.0.0.1:1", "--set", "gateway.poll.interval.ms=0"))
            .isEqualTo(2);
        assertThat(err.toString()).contains("gateway.poll.interval.ms");

        assertThat(run("gateway", "--port", "9092")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option of gateway: --port");
    }
}
