package io.freshet.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line client (kcat, node, python) run to completion: its stdout and stderr collected in files under a
 * test's temporary directory, {@code stdin} written to it (none: /dev/null), at most 60 s before it is killed and
 * the test fails.
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
}
