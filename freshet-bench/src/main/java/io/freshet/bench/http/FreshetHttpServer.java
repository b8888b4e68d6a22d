package io.freshet.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.bench.launch.ApiVersionsProbe;
import io.freshet.bench.launch.FreePorts;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.JavaCommand;
import io.freshet.bench.launch.JvmProcesses;
import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.proc.ProcStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one {@code freshet.jar server} the HTTP benchmark runs against: its own JVM with the {@code ./freshet}
 * launcher's options, the Kafka and HTTP listeners on free ports (MQTT off: not measured here), a fresh data
 * directory deleted at {@link #close()}. Started when the Kafka listener answers ApiVersions and the HTTP one
 * answers {@code GET /v3/clusters} (which also gives the cluster id the v3 paths need).
 */
final class FreshetHttpServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int kafkaPort;
    private final int httpPort;
    private final Path dataDir;
    private final Path log;
    private final String clusterId;
    private final double startupSeconds;
    private final List<String> command;
    private boolean closed;

    private FreshetHttpServer(Process process, int kafkaPort, int httpPort, Path dataDir, Path log, String clusterId,
                              double startupSeconds, List<String> command) {
        this.process = process;
        this.kafkaPort = kafkaPort;
        this.httpPort = httpPort;
        this.dataDir = dataDir;
        this.log = log;
        this.clusterId = clusterId;
        this.startupSeconds = startupSeconds;
        this.command = command;
    }

    static FreshetHttpServer start(Path repoRoot, Path logDir) throws Exception {
        FreshetLauncher options = new FreshetLauncher(repoRoot, logDir);
        Path jar = repoRoot.resolve("freshet-server/target/freshet.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: ./freshet build");
        }
        int kafkaPort = FreePorts.any();
        int httpPort = FreePorts.any();
        while (httpPort == kafkaPort) {
            httpPort = FreePorts.any();
        }
        Path dataDir = Files.createTempDirectory("http-bench-freshet-");
        Path log = logDir.resolve("freshet.log");
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java());
        command.addAll(options.javaOptions());
        command.addAll(List.of("-jar", jar.toString(), "server", "--port", Integer.toString(kafkaPort),
            "--mqtt-port", "-1", "--http-port", Integer.toString(httpPort), "--data-dir", dataDir.toString()));
        long launched = System.nanoTime();
        Process process = JvmProcesses.launch(command, log);
        try {
            ApiVersionsProbe.awaitAnswer(kafkaPort, START_TIMEOUT_MILLIS, process);
            String clusterId = awaitClusterId(httpPort, process);
            return new FreshetHttpServer(process, kafkaPort, httpPort, dataDir, log, clusterId,
                (System.nanoTime() - launched) / 1e9, command);
        } catch (IOException | RuntimeException | InterruptedException e) {
            JvmProcesses.stop(process);
            JvmProcesses.deleteTree(dataDir);
            throw new IOException("Freshet did not start with an HTTP listener: " + e.getMessage() + "\n"
                + JvmProcesses.tail(log, 20), e);
        }
    }

    /** Polls {@code GET /v3/clusters} until it answers 200 with a cluster id (bounded). */
    private static String awaitClusterId(int httpPort, Process process) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v3/clusters"))
            .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited during start-up, exit code " + process.exitValue());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode data = JSON.readTree(response.body()).path("data");
                    if (data.size() > 0 && data.get(0).hasNonNull("cluster_id")) {
                        return data.get(0).get("cluster_id").asText();
                    }
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IOException("GET /v3/clusters did not answer with a cluster id within " + START_TIMEOUT_MILLIS
            + " ms (last: " + last + ")");
    }

    long pid() {
        return process.pid();
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    int httpPort() {
        return httpPort;
    }

    String clusterId() {
        return clusterId;
    }

    double startupSeconds() {
        return startupSeconds;
    }

    Path log() {
        return log;
    }

    /** The command line as the report shows it: paths relative to the checkout, ports and the data dir named. */
    String commandLine(Path repoRoot) {
        return String.join(" ", command).replace(repoRoot + "/", "")
            .replace(JavaCommand.java(), "java")
            .replace("--port " + kafkaPort, "--port P1").replace("--http-port " + httpPort, "--http-port P2")
            .replace(dataDir.toString(), "<fresh temp dir>");
    }

    ProcStatus memory() {
        return ProcStatus.of(pid());
    }

    /**
     * RSS after a full collection ({@code jcmd PID GC.run}), so that a reading does not depend on how much garbage
     * the cases before left; falls back to the raw reading if jcmd fails.
     */
    double rssAfterGcMib() throws InterruptedException {
        gc();
        return memory().rssMib();
    }

    /**
     * RSS once it has settled: a full GC, 1 s, another, until two readings differ by under 4 MiB (at most 20 s), so
     * that what the previous case's connections still held while they closed is not counted.
     */
    double settledRssMib() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        double previous = rssAfterGcMib();
        while (true) {
            Thread.sleep(1_000);
            double now = rssAfterGcMib();
            if (Math.abs(now - previous) < 4 || System.nanoTime() > deadline) {
                return now;
            }
            previous = now;
        }
    }

    private void gc() throws InterruptedException {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
            jcmd.getInputStream().readAllBytes();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("http-bench: jcmd GC.run failed: " + e.getMessage());
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Bytes in the log segments ({@code *.log}) of a topic's partition directories (TOPIC-N): none for a memory
     * topic, whose directory holds only its offset ceiling.
     */
    long bytesOnDisk(String topic) throws IOException {
        long total = 0;
        try (Stream<Path> dirs = Files.walk(dataDir)) {
            for (Path dir : dirs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-\\d+"))
                    .toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> segments = files.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().endsWith(".log")).toList();
                    for (Path f : segments) {
                        total += Files.size(f);
                    }
                }
            }
        }
        return total;
    }

    /**
     * Waits until the broker uses under 5% of a core over 500 ms (what the previous case left it doing is done), at
     * most {@code maxMillis}; false if it was still busy.
     */
    boolean awaitQuiet(long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        do {
            double cpu = ProcCpu.seconds(pid());
            Thread.sleep(500);
            if (ProcCpu.seconds(pid()) - cpu < 0.025) {
                return true;
            }
        } while (System.nanoTime() < deadline && alive());
        return false;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            JvmProcesses.stop(process);
            JvmProcesses.deleteTree(dataDir);
        } catch (IOException | InterruptedException e) {
            System.err.println("http-bench: stopping Freshet (pid " + pid() + ") failed: " + e);
        }
    }
}
