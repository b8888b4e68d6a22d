package io.freshet.bench.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.JavaCommand;
import io.freshet.bench.mqtt.client.LoadClients;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.NumberFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The MQTT benchmark: Freshet's MQTT listener beside Mosquitto 2, the same load client (this JVM, Netty's MQTT
 * codec), in one run: QoS 0 and QoS 1 publish throughput with 1 and 100 publishers, publish-to-subscriber latency
 * at a fixed rate, and memory with many idle clients. Brokers alternate within each round (the order swaps each
 * round); medians and ratios go to docs/mqtt-bench.md, per-round numbers to a CSV. Started by
 * {@code bench/mqtt.sh [--rounds N] [--quick] [--dry-run]}; never by the test suite. Every broker started is
 * stopped, on failure too (try-with-resources per round, a shutdown hook).
 */
public final class MqttBench {

    private MqttBench() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        MqttBenchOptions options;
        try {
            options = MqttBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mqtt-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MqttBroker.open().forEach(MqttBroker::close),
            "mqtt-bench-stop-brokers"));
        long started = System.nanoTime();
        String fsyncBefore = FsyncProbe.measure();
        System.out.println("mqtt-bench: fsync probe: " + fsyncBefore);
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Path logs = options.resultsDir();
        MqttBrokerLauncher freshet = options.dryRun() ? new MosquittoLauncher(MqttTarget.FRESHET, logs)
            : new FreshetMqttLauncher(options.repoRoot(), logs);
        MqttBrokerLauncher mosquitto = new MosquittoLauncher(MqttTarget.MOSQUITTO, logs);
        List<MqttMeasurement> measurements = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> anomalies = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        String client;
        try (LoadClients clients = new LoadClients()) {
            client = "one JVM, this harness (`io.freshet.bench.mqtt.client`, netty-codec-mqtt, " + clients.transport()
                + " for every connection; `" + jvmOptions() + "`), MQTT 3.1.1, TCP_NODELAY, all on 127.0.0.1.";
            for (int round = 1; round <= options.rounds(); round++) {
                List<MqttBrokerLauncher> order = round % 2 == 1 ? List.of(freshet, mosquitto) : List.of(mosquitto, freshet);
                loads.add("round " + round + ": " + NumberFormat.value(LoadAverage.oneMinute()));
                new MqttRound(options, round, clients, measurements, failures, anomalies).run(order);
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = logs.resolve("mqtt-rounds-" + stamp + ".csv");
        writeCsv(csv, measurements);
        String freshetVersion = options.dryRun() ? "(dry run: Mosquitto)"
            : freshetVersion(options.repoRoot()) + " (checkout " + System.getProperty("bench.commit", "unknown") + ")";
        MqttReport.Run run = new MqttReport.Run(date, options.command(), options.quick(), options.dryRun(),
            options.rounds(), minutes, MachineInfo.current(), freshetVersion, MosquittoLauncher.version(),
            freshet.settings(), mosquitto.settings(), client, options,
            "before the run " + fsyncBefore + "; after it " + FsyncProbe.measure(), options.loadBefore(),
            LoadAverage.oneMinute(), loads, anomalies, failures, options.repoRoot().relativize(csv).toString());
        Path report = options.reportFile();
        MqttReport.write(report, MqttTable.of(measurements), run);
        System.out.printf("mqtt-bench: wrote %s and %s in %.1f minutes (%d failures, %d anomalies)%n", report, csv,
            minutes, failures.size(), anomalies.size());
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static String jvmOptions() {
        // Each argument apart: the bench.* properties (repo path, load, fsync probe) hold spaces.
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> !a.startsWith("-Dbench.")).collect(Collectors.joining(" "));
    }

    /** What {@code java -jar freshet.jar version} prints (bounded to 30 s). */
    private static String freshetVersion(Path repoRoot) {
        try {
            Process process = new ProcessBuilder(JavaCommand.java(), "-jar",
                repoRoot.resolve("freshet-server/target/freshet.jar").toString(), "version").redirectErrorStream(true)
                .start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor(30, TimeUnit.SECONDS) ? output : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static void writeCsv(Path file, List<MqttMeasurement> measurements) throws IOException {
        StringBuilder out = new StringBuilder("round,broker,case,metric,value\n");
        for (MqttMeasurement m : measurements) {
            out.append(m.round()).append(',').append(m.target().label()).append(",\"").append(m.caseName())
                .append("\",\"").append(m.metric().label()).append("\",")
                .append(String.format(Locale.ROOT, "%.6g", m.value())).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
    }
}
