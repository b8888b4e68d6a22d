package io.freshet.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A non-Java client (a kafkajs or librdkafka script) run as a process of its own. Its stdout carries JSON lines
 * ({"type":"assignment"|"record"|"final"|"done", ...}), read as they come; its stderr (the client's logs) goes to
 * a file that failure messages quote. Its stdin stays open: closing it is the signal to stop and leave the group.
 */
final class ClientProcess implements ClientGroupMember, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Path stderr;
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    private final List<String> unparsed = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private ClientProcess(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.pump = new Thread(this::pumpStdout, "stdout-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    static ClientProcess start(String name, List<String> command, Path logDir) {
        try {
            Path err = Files.createTempFile(logDir, name + "-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().put("PYTHONUNBUFFERED", "1");
            return new ClientProcess(name, builder.start(), err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void pumpStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    unparsed.add(line);
                }
            }
        } catch (IOException e) {
            unparsed.add("stdout read failed: " + e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    List<JsonNode> lines(String type) {
        return lines.stream().filter(l -> type.equals(l.path("type").asText())).toList();
    }

    @Override
    public List<Handled> handled() {
        return lines("record").stream()
                .map(l -> new Handled(l.get("partition").asInt(), l.get("offset").asLong(), l.get("key").asText()))
                .toList();
    }

    @Override
    public Optional<List<Integer>> assignment() {
        List<JsonNode> assignments = lines("assignment");
        return assignments.isEmpty() ? Optional.empty()
                : Optional.of(partitions(assignments.get(assignments.size() - 1)));
    }

    static List<Integer> partitions(JsonNode line) {
        List<Integer> out = new ArrayList<>();
        line.get("partitions").forEach(p -> out.add(p.asInt()));
        return out;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends one line to the process's stdin (a script waiting for the test's next step reads it). */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " no longer reads its stdin; " + diagnostics(), e);
        }
    }

    /** Tells a group member to stop: it commits what it handled, leaves the group and prints its final line. */
    void closeStdin() {
        try {
            OutputStream in = process.getOutputStream();
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Waits for the process to end and for its stdout to be read; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not end within " + timeout + "; " + diagnostics());
        }
        pump.join(5_000);
        return process.exitValue();
    }

    /** Runs to the end and asserts exit code 0; returns the last line of the given type. */
    JsonNode awaitSuccess(Duration timeout, String lastLineType) throws InterruptedException {
        int exit = awaitExit(timeout);
        List<JsonNode> found = lines(lastLineType);
        if (exit != 0 || found.isEmpty()) {
            throw new AssertionError(name + " exited with " + exit + " (wanted 0 and a \"" + lastLineType
                    + "\" line); " + diagnostics());
        }
        return found.get(found.size() - 1);
    }

    @Override
    public String diagnostics() {
        String err;
        try {
            String all = Files.readString(stderr);
            err = all.length() > 4_000 ? "..." + all.substring(all.length() - 4_000) : all;
        } catch (IOException e) {
            err = "(stderr unreadable: " + e + ")";
        }
        List<JsonNode> notRecords = lines.stream().filter(l -> !"record".equals(l.path("type").asText())).toList();
        return "stdout: " + handled().size() + " records and " + notRecords + ", unparsed " + unparsed
                + "; stderr " + stderr + ":\n" + err;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static boolean canExecute(String path) {
        return new File(path).canExecute();
    }
}
