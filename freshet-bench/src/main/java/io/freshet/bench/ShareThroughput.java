package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.KafkaAnchorLauncher;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.rounds.AlternatingRounds;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.ResultsCsv;
import io.freshet.bench.share.ShareOptions;
import io.freshet.bench.share.ShareReport;
import io.freshet.bench.share.ShareRound;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Share-group consume throughput, Freshet beside Apache Kafka 4.4: 4 and 16 KafkaShareConsumers on 1 and 8
 * partitions, implicit acknowledgement. Brokers alternate within each round (the order rotates); medians and
 * ratios go to docs/share-bench.md, per-round numbers to a CSV. Started by {@code bench/share.sh [--rounds N]
 * [--quick]}. {@code -Dbench.only=kafka|freshet} measures one broker, to check the harness (report under target/).
 */
public final class ShareThroughput {

    private ShareThroughput() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        String only = System.getProperty("bench.only", "");
        ShareOptions options;
        try {
            options = ShareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("share: " + e.getMessage());
            System.exit(2);
            return;
        }
        AlternatingRounds.stopBrokersOnExit("share");
        long started = System.nanoTime();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        Path logs = options.resultsDir();
        FreshetLauncher freshet = new FreshetLauncher(options.repoRoot(), logs);
        List<BrokerLauncher> launchers = AlternatingRounds.selected(only, freshet,
            new KafkaAnchorLauncher(options.anchorScript(), false, logs));
        List<Measurement> measurements = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        AlternatingRounds rounds = new AlternatingRounds();
        rounds.run(options.rounds(), launchers, (round, launcher) ->
            new ShareRound(options, round, launcher.target(), measurements, failures).run(launcher));
        double minutes = (System.nanoTime() - started) / 60e9;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = logs.resolve("share-rounds-" + stamp + ".csv");
        ResultsCsv.write(csv, measurements);
        String freshetSettings = freshet.reportedCommand();
        ShareReport.Run run = new ShareReport.Run(date, options.command(), options.quick() || !only.isEmpty(),
            options.rounds(), options.records(), minutes, MachineInfo.current(), Versions.freshet(options.repoRoot()), Versions.kafka(),
            Versions.clients(), freshetSettings, options.loadBefore(), LoadAverage.oneMinute(), rounds.loads(), failures,
            options.repoRoot().relativize(csv).toString());
        Path markdown = only.isEmpty() ? options.reportFile()
            : options.resultsDir().resolve("share-bench-" + only + ".md");
        ShareReport.write(markdown, measurements, run);
        System.out.printf("share: wrote %s and %s in %.1f minutes (%d failures)%n", markdown, csv, minutes,
            failures.size());
    }
}
