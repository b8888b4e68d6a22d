package io.freshet.bench.rebalance;

import io.freshet.bench.launch.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GroupMember} JVM started with the harness's class path: its last printed assignment, and a SIGKILL.
 * Its standard error goes to a log file; {@link #close()} kills it if it still runs.
 */
final class MemberProcess implements AutoCloseable {

    private final Process process;
    private volatile Set<Integer> assignment = Set.of();

    private MemberProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readAssignments, "member-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static MemberProcess start(String bootstrap, String topic, String groupId, Protocol protocol, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = List.of(JavaCommand.java(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"), GroupMember.class.getName(), bootstrap, topic, groupId,
            protocol.label());
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new MemberProcess(process);
    }

    Set<Integer> assignment() {
        return assignment;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits (at most 10 s) until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private void readAssignments() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(GroupMember.PREFIX)) {
                    assignment = new TreeSet<>(Ownership.parse(line.substring(GroupMember.PREFIX.length())));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
