package io.freshet.tools.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;

import io.freshet.tools.cli.AdminConnection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GroupsCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GroupsCommand.run(List.of(args), new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void shouldPrintHelpOnStdoutWithExitCode0() {
        assertThat(run("reset-offsets", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet groups reset-offsets");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintOneLineAndTheUsageOnABadCommandLineWithExitCode2() {
        assertThat(run("describe", "--frob")).isEqualTo(GroupsCommand.EXIT_USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList().get(0)).isEqualTo("freshet groups: Unknown option: --frob");
        assertThat(err.toString().lines().toList().get(1)).startsWith("Usage: freshet groups describe");
    }

    @Test
    void shouldGiveUpOnAnUnreachableBrokerWithinTheTimeoutWithExitCode1() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        int exitCode = run("list", "--bootstrap-server", "127.0.0.1:" + closedPort);

        assertThat(exitCode).isEqualTo(GroupsCommand.EXIT_FAILED);
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(AdminConnection.TIMEOUT.toSeconds() + 5);
        assertThat(err.toString().strip()).isEqualTo("freshet groups: No answer from the broker at 127.0.0.1:" + closedPort
                + " within 10 s while listing groups (is it running? --bootstrap-server HOST:PORT)");
        assertThat(out.toString()).isEmpty();
    }
}
