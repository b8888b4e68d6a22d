package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.freshet.tools.Tools;

/**
 * Runs a {@code freshet} client command in-process (found by name in {@link Tools}, as {@code Main} finds it) against
 * one broker, with captured stdin, stdout and stderr; {@link Run} parses what it printed.
 */
public final class Cli {

    /** What one run printed and returned. */
    public record Run(int exitCode, String out, String err) {

        public List<String> lines() {
            return out.lines().toList();
        }

        /** Every non-blank line of {@code out}, split into its columns. */
        public List<List<String>> rows() {
            return out.lines().filter(line -> !line.isBlank())
                    .map(line -> Arrays.asList(line.trim().split("\\s+")))
                    .toList();
        }

        /** The rows whose first column is {@code first}. */
        public List<List<String>> rows(String first) {
            return rows().stream().filter(cells -> cells.get(0).equals(first)).toList();
        }

        /** The one row whose first column is {@code first}. */
        public Optional<List<String>> row(String first) {
            List<List<String>> rows = rows(first);
            return rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
        }

        /** The rows of one section (after its title and underline, up to a blank line), header included. */
        public List<List<String>> section(String title) {
            List<String> lines = lines();
            int start = lines.indexOf(title);
            assertThat(start).as("section %s in%n%s", title, out).isNotNegative();
            List<List<String>> rows = new ArrayList<>();
            for (int i = start + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
                rows.add(List.of(lines.get(i).trim().split("\\s+")));
            }
            return rows;
        }
    }

    /** Null: the command line is run as given, without a {@code --bootstrap-server}. */
    private final String bootstrapServers;

    /** Every run gets {@code --bootstrap-server bootstrapServers} after its own words. */
    public Cli(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Runs command lines as given (bad command lines, {@code --help}, a {@code -b} of their own). */
    public static Cli withoutBootstrap() {
        return new Cli(null);
    }

    public Run run(String command, String... args) {
        return run(command, "", false, args);
    }

    public Run run(String command, String stdin, boolean interactive, String... args) {
        return start(command, stdin, interactive, args).join();
    }

    /** Runs the command on another thread (e.g. consume following a topic); its output can be read meanwhile. */
    public Running start(String command, String stdin, boolean interactive, String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        if (bootstrapServers != null) {
            words.addAll(List.of("--bootstrap-server", bootstrapServers));
        }
        StringWriter out = new StringWriter(); // StringBuffer inside: safe to read while the command writes
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> Tools.find(command).orElseThrow()
                .run(words, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                        new PrintWriter(err), interactive));
        return new Running(exitCode, out, err);
    }

    /** A command still running. */
    public record Running(CompletableFuture<Integer> exitCode, StringWriter out, StringWriter err) {
        public Run join() {
            return new Run(exitCode.join(), out.toString(), err.toString());
        }
    }
}
