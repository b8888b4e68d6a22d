package io.freshet.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command-line client (kcat, node, python) run to completion: its stdout and stderr collected in files under a
 * test's temporary directory, {@code stdin} written to it (none: /dev/null), at most 60 s before it is killed and
 * the test fails. Or ({@link #run(String...)}) a short command whose stdout and stderr are read together.
 */
public final class ProcessRun {

    /** The command's exit code and what it printed. */
    public record Output(int exit, String stdout, String stderr) {
    }

    private ProcessRun() {
    }

    public static Output run(Path temp, List<String> command, String stdin) throws IOException, InterruptedException {
        File out = Files.createTempFile(temp, "out", ".txt").toFile();
        File err = Files.createTempFile(temp, "err", ".txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = pb.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s; stderr: " + Files.readString(err.toPath()));
        }
        return new Output(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    /** A short command's exit code and its stdout and stderr together, trimmed. */
    public record Result(int exit, String output) {
    }

    /** {@code command} run to completion (at most 20 s, else the test fails), its output read together. */
    public static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}
