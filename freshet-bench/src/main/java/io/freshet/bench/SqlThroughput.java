package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.KafkaAnchorLauncher;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.ResultsCsv;
import io.freshet.bench.rounds.AlternatingRounds;
import io.freshet.bench.sql.SqlBench;
import io.freshet.bench.sql.SqlBenchOptions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * bench/sql.sh: the alert and 1-minute aggregate, Freshet's SQL engine in its broker beside the same
 * topologies written by hand in Kafka Streams on Apache Kafka 4.4 (and on Freshet); throughput and alert latency.
 * Brokers alternate within each round (the order rotates); medians and ratios go to docs/sql-bench.md, per-round
 * numbers to a CSV. {@code -Dbench.only=kafka|freshet} measures one broker (report under target/).
 */
public final class SqlThroughput {

    private SqlThroughput() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        // Kafka Streams' warnings (a stuck rebalance, a fenced producer) belong in the benchmark's log
        ((Logger) LoggerFactory.getLogger("org.apache.kafka.streams"))
            .setLevel(Level.toLevel(System.getProperty("bench.streamsLog", "WARN")));
        String only = System.getProperty("bench.only", "");
        SqlBenchOptions options;
        try {
            options = SqlBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sql: " + e.getMessage());
            System.exit(2);
            return;
        }
        AlternatingRounds.stopBrokersOnExit("sql");
        long started = System.nanoTime();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Path logs = options.resultsDir();
        FreshetLauncher freshet = new FreshetLauncher(options.repoRoot(), logs);
        List<BrokerLauncher> launchers = AlternatingRounds.selected(only, freshet,
            new KafkaAnchorLauncher(options.anchorScript(), false, logs, options.kafkaPort()));
        List<Measurement> measurements = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AlternatingRounds rounds = new AlternatingRounds();
        rounds.run(options.rounds(), launchers, (round, launcher) ->
            SqlBench.turn(options, round, launcher, measurements, failures));
        double minutes = (System.nanoTime() - started) / 60e9;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = logs.resolve("sql-rounds-" + stamp + ".csv");
        ResultsCsv.write(csv, measurements);
        Path markdown = only.isEmpty() ? options.reportFile() : logs.resolve("sql-bench-" + only + ".md");
        SqlBench.report(markdown, measurements, options, only.isEmpty() ? options.quick() : true, date, minutes,
            MachineInfo.current(), Versions.freshet(options.repoRoot()), Versions.kafka(), Versions.clients(),
            freshet.reportedCommand(), LoadAverage.oneMinute(), rounds.loads(), failures,
            options.repoRoot().relativize(csv).toString());
        System.out.printf("sql: wrote %s and %s in %.1f minutes (%d failures)%n", markdown, csv, minutes,
            failures.size());
    }
}
