package io.freshet.tools.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import io.freshet.tools.Tools;
import io.freshet.tools.cli.ToolCommand;

import org.junit.jupiter.api.Test;

class ClusterCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Tools.find("cluster").orElseThrow().run(List.of(args), System.in, new PrintWriter(out),
                new PrintWriter(err), false);
    }

    @Test
    void shouldPrintHelpOnStdoutWithExitCode0() {
        assertThat(run("info", "-h")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet cluster info");
        assertThat(run("--help")).isZero();
    }

    @Test
    void shouldExitWith2AndTheUsageOnABadCommandLine() {
        assertThat(run("status")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(err.toString().lines().toList()).first().isEqualTo("freshet cluster: Unknown command: status");
        assertThat(err.toString()).contains("Usage: freshet cluster info");
        assertThat(run("info", "extra")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(run("info", "--command-config", "/nonexistent/client.properties"))
                .isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("Cannot read --command-config /nonexistent/client.properties");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldShowAListenerKeyAsAddressesAndMinusOneAsOff() {
        assertThat(ClusterInfo.address("MQTT://0.0.0.0:1883")).isEqualTo("0.0.0.0:1883");
        assertThat(ClusterInfo.address("HTTP://a:1,HTTP://b:2")).isEqualTo("a:1,b:2");
        assertThat(ClusterInfo.address("-1")).isEqualTo("off");
        assertThat(ClusterInfo.address("h:3")).isEqualTo("h:3");
    }
}
