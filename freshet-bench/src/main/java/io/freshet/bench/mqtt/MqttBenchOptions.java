package io.freshet.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench/mqtt.sh [--rounds N] [--quick] [--dry-run] [--case TEXT] [--qos1-window N]}: rounds (default 3);
 * --quick one round of short cases and 2,000 idle clients, which checks the harness; --dry-run Mosquitto in
 * Freshet's column too (the harness against itself); --case only the cases whose name contains TEXT (to
 * reproduce one); --qos1-window the QoS 1 PUBLISHes each publisher keeps in flight (default 10). Any of these
 * writes its report under target/, not docs/. Plus the system properties {@code bench.repo} and
 * {@code bench.loadBefore} the script sets.
 *
 * @param caseFilter empty for every case
 */
record MqttBenchOptions(int rounds, boolean quick, boolean dryRun, String caseFilter, int qos1Window, Path repoRoot,
                        String loadBefore,
                        Duration throughputWarmUp, Duration throughputMeasured, int latencyRate,
                        Duration latencyWarmUp, Duration latencySlice, int latencySlices, int idleClients) {

    static final int DEFAULT_ROUNDS = 3;
    static final int MANY_PUBLISHERS = 100;

    static MqttBenchOptions parse(String... args) {
        Integer rounds = null;
        boolean quick = false;
        boolean dryRun = false;
        String caseFilter = "";
        int qos1Window = ThroughputCase.QOS1_WINDOW;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--dry-run" -> dryRun = true;
                case "--case" -> {
                    if (++i >= args.length || args[i].isBlank()) {
                        throw new IllegalArgumentException("--case needs a part of a case name, e.g. 'QoS 1, 100'");
                    }
                    caseFilter = args[i];
                }
                case "--qos1-window" -> qos1Window = number(args, ++i, "--qos1-window", 1, 65535);
                case "--rounds" -> rounds = number(args, ++i, "--rounds", 1, 20);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (usage: bench/mqtt.sh [--rounds N] [--quick] [--dry-run] [--case TEXT] [--qos1-window N])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        String load = System.getProperty("bench.loadBefore", "not recorded");
        int n = rounds != null ? rounds : quick ? 1 : DEFAULT_ROUNDS;
        return quick
            ? new MqttBenchOptions(n, true, dryRun, caseFilter, qos1Window, repo, load, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 1000, Duration.ofSeconds(1), Duration.ofMillis(2500), 2, 2_000)
            : new MqttBenchOptions(n, false, dryRun, caseFilter, qos1Window, repo, load, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 1000, Duration.ofSeconds(1), Duration.ofSeconds(5), 4, 10_000);
    }

    /** QoS 0 then QoS 1, 1 then 100 publishers. */
    List<ThroughputCase> throughputCases() {
        return List.of(ThroughputCase.of(MqttQoS.AT_MOST_ONCE, 1, qos1Window),
            ThroughputCase.of(MqttQoS.AT_MOST_ONCE, MANY_PUBLISHERS, qos1Window),
            ThroughputCase.of(MqttQoS.AT_LEAST_ONCE, 1, qos1Window),
            ThroughputCase.of(MqttQoS.AT_LEAST_ONCE, MANY_PUBLISHERS, qos1Window));
    }

    String command() {
        return "bench/mqtt.sh" + (rounds != (quick ? 1 : DEFAULT_ROUNDS) ? " --rounds " + rounds : "")
            + (quick ? " --quick" : "") + (dryRun ? " --dry-run" : "")
            + (caseFilter.isEmpty() ? "" : " --case '" + caseFilter + "'")
            + (qos1Window == ThroughputCase.QOS1_WINDOW ? "" : " --qos1-window " + qos1Window);
    }

    /** Whether the case named so runs in this run. */
    boolean runs(String caseName) {
        return caseName.contains(caseFilter);
    }

    /** A run that leaves docs/ alone. */
    boolean partial() {
        return quick || dryRun || !caseFilter.isEmpty() || qos1Window != ThroughputCase.QOS1_WINDOW;
    }

    private static int number(String[] args, int i, String option, int min, int max) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        try {
            int n = Integer.parseInt(args[i]);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be " + min + "-" + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not " + args[i]);
        }
    }

    /** Where the CSV and the brokers' logs go. */
    Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/mqtt-results");
    }

    /** docs/mqtt-bench.md for a full run against Freshet; a quick, dry or one-case run's report stays under target/. */
    Path reportFile() {
        return partial() ? resultsDir().resolve("mqtt-bench-" + (dryRun ? "dry-run" : quick ? "quick" : "case") + ".md")
            : repoRoot.resolve("docs/mqtt-bench.md");
    }

    /** Latency measured per broker and round: the slices together. */
    Duration latencyMeasured() {
        return latencySlice.multipliedBy(latencySlices);
    }

    String latencyCaseName() {
        return "latency, QoS 1, " + String.format("%,d", latencyRate) + " msg/s";
    }

    String idleCaseName() {
        return String.format("%,d idle clients", idleClients);
    }
}
