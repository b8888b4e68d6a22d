package io.freshet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Freshet broker in its own JVM, for tests that crash it: {@link #kill()} is {@code kill -9} (SIGKILL: no
 * shutdown hook, no flush, exactly what a crash leaves on disk), {@link #stop()} is SIGTERM (a clean shutdown).
 *
 * <p>The child runs {@code io.freshet.server.Main server} with this JVM's {@code java.class.path} (under Surefire
 * that is the full test classpath). Its stdout and stderr are appended to {@link #logFile()}, a file beside the
 * data directory ({@code <dataDir>.log}), so the runs of one test follow each other in one file and outlive the
 * directory's deletion. {@link #start} returns only once the broker has answered a Kafka ApiVersions request.
 * JVM options: {@value #JVM_OPTS_PROPERTY} (default {@value #DEFAULT_JVM_OPTS}). Not thread-safe.
 */
public final class FreshetProcess implements AutoCloseable {
    public static final String JVM_OPTS_PROPERTY = "freshet.process.jvmOpts";
    static final String DEFAULT_JVM_OPTS = "-Xmx512m -XX:+UseSerialGC";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = "127.0.0.1";
    /** Children still running when the test JVM exits are killed, so a forgotten close() leaks no broker. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "freshet-process-reaper"));
    }

    private final Path dataDir;
    private final int port;
    private final Map<String, String> properties;
    private final Path logFile;
    private Process process;

    private FreshetProcess(Path dataDir, int port, Map<String, String> properties) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.properties = Map.copyOf(properties);
        this.logFile = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
    }

    /** Starts a broker on 127.0.0.1:{@code port} ({@code 0}: a free port) and waits until it answers. */
    public static FreshetProcess start(Path dataDir, int port, Map<String, String> brokerProperties) {
        FreshetProcess broker = new FreshetProcess(dataDir, port == 0 ? freePort() : port, brokerProperties);
        broker.launch();
        return broker;
    }

    /** A port that was free a moment ago: bind port 0 on loopback and close it. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private void launch() {
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            RUNNING.add(process);
            process.onExit().thenAccept(RUNNING::remove);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Freshet process", e);
        }
        awaitAnswer();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmOpts = System.getProperty(JVM_OPTS_PROPERTY, DEFAULT_JVM_OPTS).strip();
        if (!jvmOpts.isEmpty()) {
            command.addAll(Arrays.asList(jvmOpts.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.freshet.server.Main", "server",
                "--host", HOST, "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        properties.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        return command;
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Freshet exited with code " + process.exitValue()
                        + " before answering; its log " + logFile + " ends with:\n" + logTail());
            }
            if (ApiVersionsProbe.answers(HOST, port, 1_000)) {
                return;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Freshet did not answer on " + bootstrapServers() + " within "
                + START_TIMEOUT.toSeconds() + " s; its log " + logFile + " ends with:\n" + logTail());
    }

    /** SIGKILL, like {@code kill -9}, then waits for the process to be gone. Returns the exit code (137). */
    public int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM (a clean shutdown), then waits for the exit. Returns the exit code (143 for the JVM on SIGTERM). */
    public int stop() {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        return awaitExit();
    }

    /** Starts the broker again on the same data directory and port, after {@link #kill()} or {@link #stop()}. */
    public FreshetProcess restart() {
        stop();
        launch();
        return this;
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("Freshet (pid " + pid() + ") did not exit within "
                        + STOP_TIMEOUT.toSeconds() + " s; killed it. Log: " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Freshet to exit", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Freshet to start", e);
        }
    }

    @Override
    public String toString() {
        return "FreshetProcess[pid " + (process == null ? "-" : process.pid()) + ", " + bootstrapServers() + ", "
                + dataDir + "]";
    }
}
