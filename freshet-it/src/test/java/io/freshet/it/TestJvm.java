package io.freshet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test sources in a JVM of its own (this JVM's java and class path, as {@link ConsumerProcess}),
 * so that a test can kill it with SIGKILL: no close, no shutdown hook, nothing flushed. Its stdout and stderr are
 * appended to one log file, which the runs of one client share and failure messages quote.
 */
final class TestJvm implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private TestJvm(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static TestJvm start(String name, Class<?> mainClass, Path log, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        try {
            Files.writeString(log, "===== start " + name + " " + args + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new TestJvm(name, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** True once the log holds a line equal to {@code line} (the processes announce their milestones so). */
    boolean logged(String line) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code chars} characters of the log, for failure messages. */
    String logTail(int chars) {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            return all.length() > chars ? "..." + all.substring(all.length() - chars) : all;
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
