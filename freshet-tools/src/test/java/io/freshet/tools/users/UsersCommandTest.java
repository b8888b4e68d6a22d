package io.freshet.tools.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import io.freshet.tools.Tools;
import io.freshet.tools.cli.ToolCommand;

import org.junit.jupiter.api.Test;

/** The command line of {@code freshet users}; against a SASL broker: freshet-it's SaslClientsTest. */
class UsersCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Tools.find("users").orElseThrow().run(List.of(args), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err), false);
    }

    @Test
    void helpGoesToStdoutWithExitCode0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet users create NAME");
        assertThat(run("create", "-h")).isZero();
    }

    @Test
    void badCommandLinesExitWith2AndSayWhy() {
        assertThat(run("rename")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(run("create", "alice")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(run("create", "alice", "--password", "p", "--mechanism", "PLAIN"))
                .isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(run("create", "alice", "--password-stdin")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(run("describe")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(err.toString().lines().filter(l -> l.startsWith("freshet users: ")).toList()).containsExactly(
                "freshet users: Unknown command: rename",
                "freshet users: Missing --password or --password-stdin",
                "freshet users: --mechanism takes SCRAM-SHA-256 or SCRAM-SHA-512, not 'PLAIN'",
                "freshet users: No password on standard input",
                "freshet users: Missing user name");
        assertThat(out.toString()).isEmpty();
    }
}
