package io.freshet.testkit;

import io.freshet.server.ServerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Freshet broker in its own JVM, for tests that crash it: {@link #kill()} is {@code kill -9} (SIGKILL: no
 * shutdown hook, no flush, exactly what a crash leaves on disk), {@link #stop()} is SIGTERM (a clean shutdown).
 *
 * <p>The child runs {@code io.freshet.server.Main server} with this JVM's {@code java.class.path} (under Surefire
 * that is the full test classpath). Its stdout and stderr are appended to {@link #logFile()}, a file beside the
 * data directory ({@code <dataDir>.log}), so the runs of one test follow each other in one file and outlive the
 * directory's deletion. {@link #start} returns only once the broker has answered a Kafka ApiVersions request and
 * logged its start-up line, which names the MQTT port: the first start asks for a free one ({@code --mqtt-port 0})
 * unless the properties set {@code mqtt.listeners}, and a restart asks for the same port again, so MQTT clients
 * reconnect where they were. JVM options: {@value #JVM_OPTS_PROPERTY} (default {@value #DEFAULT_JVM_OPTS}).
 * Not thread-safe.
 */
public final class FreshetProcess implements AutoCloseable {
    public static final String JVM_OPTS_PROPERTY = "freshet.process.jvmOpts";
    static final String DEFAULT_JVM_OPTS = "-Xmx512m -XX:+UseSerialGC";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = "127.0.0.1";
    /** Children still running when the test JVM exits are killed, so a forgotten close() leaks no broker. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * The start-up line ({@code ServerCommand.logStarted}): "Freshet V listening on H:P (PLAINTEXT), H:P (SSL),
     * MQTT on H:P, HTTP on H:P, data in D, ..." or "..., MQTT off, HTTP off, ..." (a line without the listener
     * names, as before Freshet had several, still counts). Whatever the log pattern puts around it.
     */
    private static final Pattern STARTUP_LINE = Pattern.compile("Freshet \\S+ listening on \\S+:\\d+[ ,]");
    /** One Kafka listener of the start-up line: "H:P (NAME)" or "H:P (NAME, PROTOCOL)". */
    private static final Pattern KAFKA_LISTENER = Pattern.compile("\\S+:(\\d+) \\((\\w+)[,)]");
    private static final Pattern MQTT_ADDRESS = Pattern.compile(", MQTT on \\S+:(\\d+), ");
    private static final Pattern HTTP_ADDRESS = Pattern.compile(", HTTP on \\S+:(\\d+), ");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "freshet-process-reaper"));
    }

    private final Path dataDir;
    private final int port;
    private volatile Map<String, Integer> kafkaPorts = Map.of();
    private final Map<String, String> properties;
    private final Path logFile;
    /** The MQTT port the next launch asks for: null leaves mqtt.listeners as configured, 0 a free one. */
    private Integer mqttRequest;
    private int mqttPort = -1;
    /** The HTTP port the next launch asks for: null leaves http.listeners as configured, 0 a free one. */
    private Integer httpRequest;
    private int httpPort = -1;
    private Process process;

    private FreshetProcess(Path dataDir, int port, Map<String, String> properties) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.properties = Map.copyOf(properties);
        this.logFile = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
        this.mqttRequest = properties.containsKey(ServerProperties.MQTT_LISTENERS) ? null : 0;
        this.httpRequest = properties.containsKey(ServerProperties.HTTP_LISTENERS) ? null : 0;
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
        long logStart;
        try {
            Files.createDirectories(dataDir);
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            process = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            RUNNING.add(process);
            process.onExit().thenAccept(RUNNING::remove);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Freshet process", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        awaitAnswer(deadline);
        StartupPorts ports = awaitStartupLine(logStart, deadline);
        mqttPort = ports.mqtt();
        if (mqttPort >= 0) {
            mqttRequest = mqttPort; // a restart keeps the port
        }
        kafkaPorts = ports.kafka();
        httpPort = ports.http();
        if (httpPort >= 0) {
            httpRequest = httpPort;
        }
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
        if (mqttRequest != null) {
            command.addAll(List.of("--mqtt-port", mqttRequest.toString()));
        }
        if (httpRequest != null) {
            command.addAll(List.of("--http-port", httpRequest.toString()));
        }
        properties.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        return command;
    }

    private void awaitAnswer(long deadline) {
        while (System.nanoTime() < deadline) {
            checkAlive();
            if (ApiVersionsProbe.answers(HOST, port, 1_000)) {
                return;
            }
            sleep(20);
        }
        throw startTimedOut("answer on " + bootstrapServers());
    }

    /** Waits for this launch's start-up line (logged once every listener is up); returns its ports. */
    private StartupPorts awaitStartupLine(long logStart, long deadline) {
        while (System.nanoTime() < deadline) {
            Optional<StartupPorts> ports = portsInStartupLine(readLogFrom(logStart));
            if (ports.isPresent()) {
                return ports.get();
            }
            checkAlive();
            sleep(20);
        }
        throw startTimedOut("log its start-up line");
    }

    /** The MQTT and HTTP ports a start-up line names (-1 for a listener that is off), and the Kafka ones by name. */
    record StartupPorts(int mqtt, int http, Map<String, Integer> kafka) {
        StartupPorts(int mqtt, int http) {
            this(mqtt, http, Map.of());
        }
    }

    /**
     * The ports the first start-up line in {@code log} names (-1 for "MQTT off" / "HTTP off", or a line that does not
     * name the listener), empty when no whole start-up line is there yet. Only complete lines count: the child may
     * be halfway through writing one.
     */
    static Optional<StartupPorts> portsInStartupLine(String log) {
        int end = log.lastIndexOf('\n');
        if (end < 0) {
            return Optional.empty();
        }
        for (String line : log.substring(0, end).split("\\R")) {
            if (STARTUP_LINE.matcher(line).find()) {
                return Optional.of(new StartupPorts(port(MQTT_ADDRESS, line), port(HTTP_ADDRESS, line),
                        kafkaPorts(line)));
            }
        }
        return Optional.empty();
    }

    /** The Kafka listeners between "listening on " and "MQTT": NAME -> port. */
    private static Map<String, Integer> kafkaPorts(String line) {
        int from = line.indexOf(" listening on ");
        int to = line.indexOf(", MQTT ", from);
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        Matcher m = KAFKA_LISTENER.matcher(line.substring(from, to < 0 ? line.length() : to));
        while (m.find()) {
            ports.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    private static int port(Pattern address, String line) {
        Matcher matcher = address.matcher(line);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private String readLogFrom(long offset) {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            long size = channel.size();
            if (size <= offset) {
                return "";
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            channel.position(offset);
            while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                // until the buffer is full or the end of the file
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Freshet exited with code " + process.exitValue()
                    + " before it started; its log " + logFile + " ends with:\n" + logTail());
        }
    }

    private IllegalStateException startTimedOut(String what) {
        process.destroyForcibly();
        return new IllegalStateException("Freshet did not " + what + " within " + START_TIMEOUT.toSeconds()
                + " s; its log " + logFile + " ends with:\n" + logTail());
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

    /**
     * The bound port of Kafka listener {@code listenerName} (e.g. {@code SSL} of
     * {@code listeners=PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0}), as the start-up line names it.
     */
    public int port(String listenerName) {
        Integer p = kafkaPorts.get(listenerName.toUpperCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("no Kafka listener " + listenerName + " in the start-up line: "
                    + kafkaPorts);
        }
        return p;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The MQTT listener's port, as the start-up line names it; -1 when it has none. */
    public int mqttPort() {
        return mqttPort;
    }

    /** Where MQTT clients connect: {@code tcp://127.0.0.1:PORT}. */
    public String mqttUri() {
        if (mqttPort < 0) {
            throw new IllegalStateException("This Freshet has no MQTT listener; its start-up line says MQTT off");
        }
        return "tcp://" + HOST + ":" + mqttPort;
    }

    /** The HTTP listener's port, as the start-up line names it; -1 when it has none. */
    public int httpPort() {
        return httpPort;
    }

    /** Where HTTP clients connect: {@code http://127.0.0.1:PORT}. */
    public String httpUri() {
        if (httpPort < 0) {
            throw new IllegalStateException("This Freshet has no HTTP listener; its start-up line says HTTP off");
        }
        return "http://" + HOST + ":" + httpPort;
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
