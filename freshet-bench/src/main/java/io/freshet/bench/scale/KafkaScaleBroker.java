package io.freshet.bench.scale;

import io.freshet.bench.launch.FreePorts;
import io.freshet.bench.launch.Target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache Kafka (default settings) through the anchor: {@code kafka.sh start PORT DIR} (which formats DIR the first
 * time and reuses it afterwards), run in the background so that readiness is timed by the harness's own probe from
 * the script's "launched kafka.Kafka, pid N" line (printed right after the JVM is forked). A graceful stop is
 * SIGTERM to that pid, waited for here (bounded), then {@code kafka.sh stop} forgets the pid file; a kill is
 * SIGKILL. The anchor's own start-up wait runs beside the probe (its ApiVersions polls and, once answered, one
 * {@code TopicCommand --list} JVM); its timeout is raised to {@value #SCRIPT_TIMEOUT_S} s so that the harness's
 * bounds, not the script's 60 s, decide when a slow start has failed.
 */
final class KafkaScaleBroker implements ScaleBroker {

    private static final Pattern PID = Pattern.compile("launched kafka\\.Kafka, pid (\\d+)");
    private static final int SCRIPT_TIMEOUT_S = 900;
    private static final long LAUNCH_LINE_TIMEOUT_S = 120;
    private static final long STOP_TIMEOUT_S = 120;

    private final Path script;
    private final Path logDir;
    private final int preferredPort;
    private Process starter;
    private long pid = -1;
    private Path latestLog;

    KafkaScaleBroker(Path script, Path logDir, int preferredPort) {
        this.script = script;
        this.logDir = logDir;
        this.preferredPort = preferredPort;
    }

    @Override
    public Target target() {
        return Target.KAFKA;
    }

    @Override
    public Launched launch(Path dataDir, String logName) throws Exception {
        Files.createDirectories(dataDir.getParent());
        int port = FreePorts.pairFrom(preferredPort);
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "start", Integer.toString(port),
            dataDir.toString()).redirectErrorStream(true);
        builder.environment().put("KAFKA_ANCHOR_FSYNC", "0");
        builder.environment().put("KAFKA_START_TIMEOUT_S", Integer.toString(SCRIPT_TIMEOUT_S));
        starter = builder.start();
        CompletableFuture<Long> launched = new CompletableFuture<>();
        Path log = logDir.resolve("kafka-" + logName + "-script.log");
        latestLog = logDir.resolve("kafka-" + logName + ".log");
        Files.createDirectories(logDir);
        Thread drain = new Thread(() -> drain(starter, log, launched), "kafka-start-output");
        drain.setDaemon(true);
        drain.start();
        try {
            pid = launched.get(LAUNCH_LINE_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            starter.destroyForcibly();
            throw new IOException("kafka.sh start did not launch Kafka: " + e.getMessage() + "\n" + tail(log), e);
        }
        return new Launched(pid, port, System.nanoTime());
    }

    /** Copies the script's output to its log; completes {@code launched} with the pid at the launch line. */
    private static void drain(Process process, Path log, CompletableFuture<Long> launched) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                 StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                Matcher m = PID.matcher(line);
                if (m.find()) {
                    launched.complete(Long.parseLong(m.group(1)));
                }
            }
            launched.completeExceptionally(new IOException("kafka.sh start ended without launching Kafka"));
        } catch (IOException e) {
            launched.completeExceptionally(e);
        }
    }

    @Override
    public double stopGracefully() throws Exception {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        long start = System.nanoTime();
        if (handle.isPresent() && handle.get().isAlive()) {
            handle.get().destroy();
            try {
                handle.get().onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.get().destroyForcibly();
                throw new IOException("Kafka ignored SIGTERM for " + STOP_TIMEOUT_S + " s; killed");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        forget();
        return seconds;
    }

    @Override
    public void kill() throws Exception {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        });
        forget();
    }

    @Override
    public Path latestLog() {
        return latestLog;
    }

    @Override
    public boolean alive() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void cleanUp() {
        if (alive()) {
            try {
                stopGracefully();
            } catch (Exception e) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        try {
            forget();
        } catch (Exception e) {
            System.err.println("scale: kafka.sh stop failed: " + e.getMessage());
        }
    }

    /** Waits for the start script to end (it does once Kafka is gone), then lets kafka.sh drop its pid file. */
    private void forget() throws IOException, InterruptedException {
        if (starter != null && !starter.waitFor(30, TimeUnit.SECONDS)) {
            starter.destroyForcibly();
        }
        Path brokerLog = Path.of(System.getenv().getOrDefault("KAFKA_ANCHOR_HOME", "/tmp/apache-kafka-anchor"),
            "run", "broker.log");
        if (latestLog != null && Files.isRegularFile(brokerLog)) {
            Files.copy(brokerLog, latestLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process stop = new ProcessBuilder("bash", script.toString(), "stop").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!stop.waitFor(60, TimeUnit.SECONDS)) {
            stop.destroyForcibly();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
