package io.freshet.it.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.freshet.tools.Tools;

/** Runs a {@code freshet} client command in-process against one broker, with captured stdin, stdout and stderr. */
final class Cli {

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private final String bootstrapServers;

    Cli(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Run run(String command, String... args) {
        return run(command, "", false, args);
    }

    Run run(String command, String stdin, boolean interactive, String... args) {
        return start(command, stdin, interactive, args).join();
    }

    /** Runs the command on another thread (e.g. consume following a topic); its output can be read meanwhile. */
    Running start(String command, String stdin, boolean interactive, String... args) {
        List<String> words = new ArrayList<>(List.of(args));
        words.addAll(List.of("--bootstrap-server", bootstrapServers));
        StringWriter out = new StringWriter(); // StringBuffer inside: safe to read while the command writes
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> Tools.find(command).orElseThrow()
                .run(words, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                        new PrintWriter(err), interactive));
        return new Running(exitCode, out, err);
    }

    /** A command still running. */
    record Running(CompletableFuture<Integer> exitCode, StringWriter out, StringWriter err) {
        Run join() {
            return new Run(exitCode.join(), out.toString(), err.toString());
        }
    }
}
