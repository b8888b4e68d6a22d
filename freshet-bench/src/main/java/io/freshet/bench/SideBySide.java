package io.freshet.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.MarkdownReport;
import io.freshet.bench.report.MetricsCostSection;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.RatioChart;
import io.freshet.bench.report.ResultTable;
import io.freshet.bench.report.ResultsCsv;
import io.freshet.bench.report.RunDescription;
import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.KafkaAnchorLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.SinkLauncher;
import io.freshet.bench.launch.Target;
import io.freshet.bench.report.AbReport;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The side-by-side benchmark: the same client workloads against Freshet, Apache Kafka (default and fsync per
 * append) and the produce sink, alternating targets over rounds (the order rotates each round), then medians,
 * ratios, a report, a chart and the raw CSV. Started by {@code bench/run.sh [--rounds N] [--quick]}. With
 * {@code --metrics-cost}: Freshet with metrics on against Freshet with {@code metrics.enabled=false} only, into
 * the "Cost of metrics" section of the same report ({@link MetricsCostSection}). With {@code --ab KEY=VALUE}:
 * Freshet against Freshet with those settings, a report of its own in the results directory ({@link AbReport}):
 * how a change behind a setting is measured before it becomes the default.
 *
 * <p>Every broker started is stopped, on failure too: each round's broker is closed in a finally block, and a
 * shutdown hook closes whatever is still open if the harness is interrupted.
 */
public final class SideBySide {

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RunningBroker.open().forEach(RunningBroker::close),
            "bench-stop-brokers"));
        long started = System.nanoTime();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        warmUpTheClient(options);
        List<Measurement> measurements = runRounds(options, launchers(options), failures);
        double minutes = (System.nanoTime() - started) / 60e9;
        report(options, measurements, failures, date, minutes);
        System.out.printf("bench: done in %.1f minutes (%d failures)%n", minutes, failures.size());
    }

    private static List<BrokerLauncher> launchers(BenchOptions options) {
        Path logs = options.resultsDir();
        if (options.metricsCost()) {
            return List.of(new FreshetLauncher(options.repoRoot(), logs),
                new FreshetLauncher(options.repoRoot(), logs, Target.FRESHET_NO_METRICS, List.of("metrics.enabled=false")));
        }
        if (options.abComparison()) {
            return List.of(new FreshetLauncher(options.repoRoot(), logs),
                new FreshetLauncher(options.repoRoot(), logs, Target.FRESHET_B, options.abSettings()));
        }
        return List.of(new FreshetLauncher(options.repoRoot(), logs),
            new KafkaAnchorLauncher(options.anchorScript(), false, logs),
            new KafkaAnchorLauncher(options.anchorScript(), true, logs),
            new SinkLauncher(logs));
    }

    /**
     * Round 0, not reported: every case once, with a quarter of the records, against the sink, so that round 1's first
     * target does not pay for the harness's cold client code (the brokers start afresh each round anyway).
     */
    private static void warmUpTheClient(BenchOptions options) {
        List<String> failures = new ArrayList<>();
        new TargetRun(options.clientWarmUp(), 0, Target.CEILING, failures).run(new SinkLauncher(options.resultsDir()));
        failures.forEach(failure -> System.err.println("bench: the client's warm-up (round 0) failed: " + failure));
    }

    private static List<Measurement> runRounds(BenchOptions options, List<BrokerLauncher> launchers,
                                               List<String> failures) {
        List<Measurement> measurements = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<BrokerLauncher> order = new ArrayList<>(launchers);
            Collections.rotate(order, -(round - 1));
            for (BrokerLauncher launcher : order) {
                measurements.addAll(new TargetRun(options, round, launcher.target(), failures).run(launcher));
            }
        }
        return measurements;
    }

    private static void report(BenchOptions options, List<Measurement> measurements, List<String> failures,
                               String date, double minutes) throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = options.resultsDir().resolve("rounds-" + stamp + ".csv");
        ResultsCsv.write(csv, measurements);
        ResultTable table = ResultTable.of(measurements);
        if (options.metricsCost()) {
            Path markdown = options.reportDir().resolve("benchmarks.md");
            MetricsCostSection.write(markdown, table, new RunDescription(date, options.command(), options.quick(),
                options.rounds(), minutes, MachineInfo.current(), Versions.freshet(options.repoRoot()), "", "",
                RunSettings.describe(options), failures, options.repoRoot().relativize(csv).toString(), ""));
            System.out.println("bench: wrote the metrics-cost section of " + markdown + " and " + csv);
            return;
        }
        if (options.abComparison()) {
            Path markdown = options.resultsDir().resolve("ab-" + stamp + ".md");
            String text = AbReport.write(markdown, table, options.abSettings(), options.command(), options.rounds(),
                date, minutes, failures);
            System.out.println(text);
            System.out.println("bench: wrote " + markdown + " and " + csv);
            return;
        }
        Path markdown = options.reportDir().resolve("benchmarks.md");
        Path chart = options.reportDir().resolve("benchmarks-ratios.png");
        RunDescription run = new RunDescription(date, options.command(), options.quick(), options.rounds(), minutes,
            MachineInfo.current(), Versions.freshet(options.repoRoot()), Versions.kafka(), Versions.clients(),
            RunSettings.describe(options), failures, options.repoRoot().relativize(csv).toString(),
            "docs/benchmarks-ratios.png");
        MarkdownReport.write(markdown, table, run);
        RatioChart.write(chart, table, String.format("%s, %d round(s), medians; %d CPUs; %s", date, options.rounds(),
            run.machine().cpus(), options.quick() ? "QUICK RUN: not for comparison" : "bench/run.sh"));
        System.out.println("bench: wrote " + markdown + ", " + chart + " and " + csv);
    }
}
