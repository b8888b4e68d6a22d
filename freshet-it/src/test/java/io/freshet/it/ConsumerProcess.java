package io.freshet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.GroupProtocol;

/**
 * {@link GroupConsumerMain} in its own JVM (this JVM's java and class path, as {@code FreshetProcess} starts a
 * broker); its stdout and stderr go to {@code <file>.log}. {@link #kill()} is SIGKILL: no close, no leave-group, no
 * last commit.
 */
final class ConsumerProcess implements AutoCloseable {

    private final String name;
    private final Path file;
    private final Process process;

    private ConsumerProcess(String name, Path file, Process process) {
        this.name = name;
        this.file = file;
        this.process = process;
    }

    static ConsumerProcess start(String bootstrap, String group, String topic, GroupProtocol protocol, String name,
            Path file, long processingDelayMs) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), GroupConsumerMain.class.getName(),
                bootstrap, group, topic, protocol.name().toLowerCase(), name, file.toString(),
                Long.toString(processingDelayMs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(file.resolveSibling(file.getFileName() + ".log")
                            .toFile()))
                    .start();
            return new ConsumerProcess(name, file, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start consumer process " + name, e);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("consumer process " + name + " survived SIGKILL");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
