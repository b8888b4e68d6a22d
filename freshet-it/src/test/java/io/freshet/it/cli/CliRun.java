package io.freshet.it.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.freshet.tools.cli.ToolCommand;

/** One in-process run of a {@code freshet} client command: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(ToolCommand command, String bootstrap, String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        words.addAll(List.of("-b", bootstrap));
        return withoutBootstrap(command, words.toArray(String[]::new));
    }

    static CliRun withoutBootstrap(ToolCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = command.run(List.of(args), System.in, new PrintWriter(out), new PrintWriter(err), false);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Every line of {@code out}, split into its columns. */
    List<List<String>> rows() {
        return out.lines().filter(line -> !line.isBlank())
                .map(line -> Arrays.asList(line.trim().split("\\s+")))
                .toList();
    }

    /** The rows whose first column is {@code first}. */
    List<List<String>> rows(String first) {
        return rows().stream().filter(cells -> cells.get(0).equals(first)).toList();
    }

    /** The one row whose first column is {@code first}. */
    Optional<List<String>> row(String first) {
        List<List<String>> rows = rows(first);
        return rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
    }
}
