package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.KafkaAnchorLauncher;
import io.freshet.bench.launch.Target;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.rounds.AlternatingRounds;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.ResultsCsv;
import io.freshet.bench.txn.TxnOptions;
import io.freshet.bench.txn.TxnReport;
import io.freshet.bench.txn.TxnRound;
import io.freshet.bench.txn.TxnTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Transactional throughput, Freshet beside Apache Kafka (default, and fsync per append): transactional produce
 * with 1 and 100 records per transaction on 1 and 8 partitions, and a consume-transform-produce loop with
 * exactly-once offsets. Brokers alternate within each round (the order rotates); medians and ratios go to
 * docs/transactions-bench.md, per-round numbers to a CSV. Started by {@code bench/txn.sh [--rounds N] [--quick]}.
 * Every broker started is stopped, on failure too (try-with-resources per round, a shutdown hook).
 */
public final class TransactionThroughput {

    private TransactionThroughput() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        TxnOptions options;
        try {
            options = TxnOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("txn: " + e.getMessage());
            System.exit(2);
            return;
        }
        AlternatingRounds.stopBrokersOnExit("txn");
        long started = System.nanoTime();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Path logs = options.resultsDir();
        FreshetLauncher freshet = new FreshetLauncher(options.repoRoot(), logs);
        List<BrokerLauncher> launchers = List.of(freshet, new KafkaAnchorLauncher(options.anchorScript(), false, logs),
            new KafkaAnchorLauncher(options.anchorScript(), true, logs));
        List<Measurement> measurements = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<Target, String> transactionVersions = new EnumMap<>(Target.class);
        AlternatingRounds rounds = new AlternatingRounds();
        rounds.run(options.rounds(), launchers, (round, launcher) ->
            new TxnRound(options, round, launcher.target(), measurements, failures, transactionVersions).run(launcher));
        double minutes = (System.nanoTime() - started) / 60e9;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = logs.resolve("txn-rounds-" + stamp + ".csv");
        ResultsCsv.write(csv, measurements);
        String freshetSettings = freshet.reportedCommand();
        TxnReport.Run run = new TxnReport.Run(date, options.command(), options.quick(), options.rounds(), minutes,
            MachineInfo.current(), Versions.freshet(options.repoRoot()), Versions.kafka(), Versions.clients(),
            freshetSettings, kafkaTxnSettings(), transactionVersions, options, options.loadBefore(),
            LoadAverage.oneMinute(), rounds.loads(), failures, options.repoRoot().relativize(csv).toString());
        Path markdown = options.reportFile();
        TxnReport.write(markdown, TxnTable.of(measurements), run);
        System.out.printf("txn: wrote %s and %s in %.1f minutes (%d failures)%n", markdown, csv, minutes,
            failures.size());
    }

    /** The anchor's server.properties lines that transactions and groups on one node depend on. */
    private static String kafkaTxnSettings() {
        Path props = Path.of(System.getenv().getOrDefault("KAFKA_ANCHOR_HOME", "/tmp/apache-kafka-anchor"),
            "run", "server.properties");
        Properties p = new Properties();
        try (var in = Files.newInputStream(props)) {
            p.load(in);
        } catch (IOException e) {
            return "(server.properties unreadable: " + e.getMessage() + ")";
        }
        return Stream.of("transaction.state.log.replication.factor", "transaction.state.log.min.isr",
                "offsets.topic.replication.factor", "group.initial.rebalance.delay.ms")
            .map(k -> "`" + k + "=" + p.getProperty(k, "unset") + "`").collect(Collectors.joining(", "));
    }
}
