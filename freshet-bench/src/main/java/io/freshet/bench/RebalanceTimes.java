package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.KafkaAnchorLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.rebalance.GroupRound;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.rebalance.RebalanceOptions;
import io.freshet.bench.rebalance.RebalanceReport;
import io.freshet.bench.rebalance.RebalanceTable;
import io.freshet.bench.rebalance.Sample;
import io.freshet.bench.rebalance.SamplesCsv;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.NumberFormat;
import io.freshet.coordinator.group.GroupConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group rebalance times, Freshet beside Apache Kafka, for the classic and the consumer (KIP-848)
 * protocol: first join, join, leave and die (see {@link io.freshet.bench.rebalance.RebalanceCase}). Brokers
 * alternate within each round; medians and ratios go to docs/rebalance.md, per-round times to a CSV. Started by
 * {@code bench/rebalance.sh}. Every broker started is stopped, on failure too (finally block, shutdown hook).
 */
public final class RebalanceTimes {

    private RebalanceTimes() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        RebalanceOptions options;
        try {
            options = RebalanceOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rebalance: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RunningBroker.open().forEach(RunningBroker::close),
            "rebalance-stop-brokers"));
        long started = System.nanoTime();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Path logs = options.resultsDir();
        FreshetLauncher freshet = new FreshetLauncher(options.repoRoot(), logs);
        List<BrokerLauncher> launchers = List.of(freshet, new KafkaAnchorLauncher(options.anchorScript(), false, logs));
        List<Sample> samples = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<BrokerLauncher> order = new ArrayList<>(launchers);
            Collections.rotate(order, -(round - 1));
            for (BrokerLauncher launcher : order) {
                double load = LoadAverage.oneMinute();
                loads.add("round " + round + ", " + launcher.target().label() + ": " + NumberFormat.value(load));
                new GroupRound(round, launcher, round <= options.dieRounds(), load, logs, samples, failures).run();
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = logs.resolve("rebalance-" + stamp + ".csv");
        SamplesCsv.write(csv, samples);
        GroupConfig defaults = GroupConfig.defaults();
        String freshetSettings = "`java " + String.join(" ", freshet.javaOptions())
            + " -jar freshet-server/target/freshet.jar server --port P --data-dir <fresh temp dir>` (as bench/run.sh"
            + " starts it; " + freshet.archiveState() + "), broker defaults, the data dir deleted after each round.";
        RebalanceReport.Run run = new RebalanceReport.Run(date, options.command(), options.rounds(),
            options.dieRounds(), minutes, MachineInfo.current(), Versions.freshet(options.repoRoot()), Versions.kafka(),
            Versions.clients(), freshetSettings, kafkaInitialDelay(), defaults.initialRebalanceDelayMs(),
            defaults.consumerSessionTimeoutMs(), options.loadBefore(), LoadAverage.oneMinute(), loads, failures,
            options.repoRoot().relativize(csv).toString());
        Path markdown = options.repoRoot().resolve("docs/rebalance.md");
        RebalanceReport.write(markdown, RebalanceTable.of(samples), run);
        System.out.printf("rebalance: wrote %s and %s in %.1f minutes (%d failures)%n", markdown, csv, minutes,
            failures.size());
    }

    /** group.initial.rebalance.delay.ms as the anchor last wrote it into its server.properties. */
    private static String kafkaInitialDelay() {
        Path props = Path.of(System.getenv().getOrDefault("KAFKA_ANCHOR_HOME", "/tmp/apache-kafka-anchor"),
            "run", "server.properties");
        Properties p = new Properties();
        try (var in = Files.newInputStream(props)) {
            p.load(in);
            return p.getProperty("group.initial.rebalance.delay.ms", "3000 (Kafka's default; not set)");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
