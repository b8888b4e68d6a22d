package io.freshet.tools.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import io.freshet.tools.Tools;
import io.freshet.tools.cli.ToolCommand;

import org.junit.jupiter.api.Test;

class TopicCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Tools.find("topic").orElseThrow().run(List.of(args), System.in, new PrintWriter(out),
                new PrintWriter(err), false);
    }

    @Test
    void shouldPrintHelpOnStdoutWithExitCode0() {
        assertThat(run("describe", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: freshet topic describe");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintOneLineAndTheUsageOnABadCommandLineWithExitCode2() {
        assertThat(run("create", "t", "--replicas", "3")).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(out.toString()).isEmpty();
        List<String> lines = err.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("freshet topic: Unknown option: --replicas");
        assertThat(lines.get(1)).startsWith("Usage: freshet topic create");
    }

    @Test
    void shouldListEveryCommandInTheToolsHelp() {
        assertThat(run()).isEqualTo(ToolCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("create NAME", "list", "describe NAME", "delete NAME", "alter-config",
                "add-partitions");
    }
}
