package io.freshet.bench.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.http.client.HttpClients;
import io.freshet.bench.mqtt.FsyncProbe;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.report.MachineInfo;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The HTTP benchmark: against one {@code freshet.jar server} (Kafka and HTTP listeners), in one run, produce
 * throughput of 100 B records over REST v3 streaming produce and REST v2 batch produce beside the Kafka protocol
 * path, then fan-out: 1,000 SSE and then 1,000 WebSocket subscribers on one topic (on disk, then in memory) while a
 * producer writes 10,000 records/s, with delivery latency, completeness, RSS and CPU. Writes docs/http-bench.md.
 * Started by {@code bench/http.sh}; never by the test suite. The server is stopped at the end, on failure and
 * Ctrl-C too (a shutdown hook).
 */
public final class HttpBench {

    private HttpBench() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        HttpBenchOptions options;
        try {
            options = HttpBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("http-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        String date = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String fsyncBefore = FsyncProbe.measure();
        AtomicReference<FreshetHttpServer> running = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            FreshetHttpServer s = running.get();
            if (s != null) {
                s.close();
            }
        }, "http-bench-stop-server"));
        List<ThroughputResult> throughput = new ArrayList<>();
        List<FanOutResult> fanOut = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Path logs = options.resultsDir();
        String serverCommand = "not started";
        String serverStartup = "";
        String transport;
        try (HttpClients clients = new HttpClients()) {
            transport = clients.transport();
            FreshetHttpServer server = start(options, logs, failures);
            if (server != null) {
                running.set(server);
                serverCommand = server.commandLine(options.repoRoot());
                serverStartup = String.format("%.2f s to the HTTP listener's first answer", server.startupSeconds());
                try (server) {
                    runProduce(options, server, clients, throughput, failures);
                    runFanOut(options, server, clients, fanOut, failures);
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        HttpReport.Run run = new HttpReport.Run(date, options, minutes, MachineInfo.current(),
            System.getProperty("bench.commit", "unknown"), serverCommand, serverStartup,
            "one JVM, this harness (`io.freshet.bench.http`, Netty, " + transport + " for every connection; `"
                + jvmOptions() + "`), HTTP/1.1, TCP_NODELAY, all on 127.0.0.1",
            "before the run " + fsyncBefore + "; after it " + FsyncProbe.measure(), options.loadBefore(),
            LoadAverage.oneMinute(), failures);
        Path report = options.reportFile();
        HttpReport.write(report, throughput, fanOut, run);
        System.out.printf("http-bench: wrote %s in %.1f minutes (%d failures)%n", report, minutes, failures.size());
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static FreshetHttpServer start(HttpBenchOptions options, Path logs, List<String> failures) {
        try {
            return FreshetHttpServer.start(options.repoRoot(), logs);
        } catch (Exception e) {
            failures.add("the server: " + e.getMessage());
            return null;
        }
    }

    private static void runFanOut(HttpBenchOptions options, FreshetHttpServer server, HttpClients clients,
                                  List<FanOutResult> results, List<String> failures) {
        for (FanOutCase c : options.fanOutCases()) {
            System.out.println("http-bench: " + c.name() + "...");
            FanOutResult r = guard(() -> new FanOutRun(server, clients).run(c),
                e -> FanOutResult.failed(c, e.toString(), ""));
            if (r.failure() != null) {
                failures.add(c.name() + ": " + r.failure());
            }
            results.add(r);
            System.out.println("http-bench:   " + HttpReport.oneLine(r));
        }
    }

    private static void runProduce(HttpBenchOptions options, FreshetHttpServer server, HttpClients clients,
                                   List<ThroughputResult> results, List<String> failures) {
        ProduceThroughput produce = new ProduceThroughput(server, clients, options);
        record Case(String name, String topic, Step step) {
        }
        List<Case> cases = List.of(new Case(ProduceThroughput.KAFKA, "produce-kafka", produce::kafka),
            new Case(ProduceThroughput.V3, "produce-v3", produce::v3),
            new Case(ProduceThroughput.V2, "produce-v2", produce::v2));
        for (Case c : cases) {
            if (!options.runs(c.name())) {
                continue;
            }
            System.out.println("http-bench: " + c.name() + "...");
            ThroughputResult r = guard(() -> c.step().run(c.topic()), e -> ThroughputResult.failed(c.name(), "",
                e.toString(), ""));
            if (r.failure() != null) {
                failures.add(c.name() + ": " + r.failure());
            }
            results.add(r);
            System.out.println("http-bench:   " + HttpReport.oneLine(r));
        }
    }

    @FunctionalInterface
    private interface Step {
        ThroughputResult run(String topic) throws Exception;
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws Exception;
    }

    /** A case that throws gives a failed result, and the run goes on. */
    private static <T> T guard(Body<T> body, java.util.function.Function<Exception, T> onFailure) {
        try {
            return body.run();
        } catch (Exception e) {
            e.printStackTrace();
            return onFailure.apply(e);
        }
    }

    private static String jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> !a.startsWith("-Dbench.")).collect(Collectors.joining(" "));
    }
}
