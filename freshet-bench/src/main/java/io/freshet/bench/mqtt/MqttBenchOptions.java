package io.freshet.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench/mqtt.sh [--rounds N] [--quick] [--dry-run] [--case TEXT]}: rounds (default 3); --quick one round
 * of short cases and 2,000 idle clients, which checks the harness; --dry-run Mosquitto in Freshet's column too
 * (the harness against itself); --case only the cases whose name contains TEXT (to reproduce one). Any of the
 * three writes its report under target/, not docs/. Plus the system properties {@code bench.repo} and
 * {@code bench.loadBefore} the script sets.
 *
 * @param caseFilter empty for every case
 */
record MqttBenchOptions(int rounds, boolean quick, boolean dryRun, String caseFilter, Path repoRoot, String loadBefore,
                        Duration throughputWarmUp, Duration throughputMeasured, int latencyRate,
                        Duration latencyWarmUp, Duration latencySlice, int latencySlices, int idleClients) {

    static final int DEFAULT_ROUNDS = 3;
    static final int MANY_PUBLISHERS = 100;

    static MqttBenchOptions parse(String... args) {
        Integer rounds = null;
        boolean quick = false;
        boolean dryRun = false;
        String caseFilter = "";
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
                case "--rounds" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--rounds needs a number");
                    }
                    try {
                        rounds = Integer.parseInt(args[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--rounds needs a number, not " + args[i]);
                    }
                    if (rounds < 1 || rounds > 20) {
                        throw new IllegalArgumentException("--rounds must be 1-20, not " + rounds);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (usage: bench/mqtt.sh [--rounds N] [--quick] [--dry-run] [--case TEXT])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        String load = System.getProperty("bench.loadBefore", "not recorded");
        int n = rounds != null ? rounds : quick ? 1 : DEFAULT_ROUNDS;
        return quick
            ? new MqttBenchOptions(n, true, dryRun, caseFilter, repo, load, Duration.ofSeconds(1), Duration.ofSeconds(2),
                1000, Duration.ofSeconds(1), Duration.ofMillis(2500), 2, 2_000)
            : new MqttBenchOptions(n, false, dryRun, caseFilter, repo, load, Duration.ofSeconds(2), Duration.ofSeconds(5),
                1000, Duration.ofSeconds(1), Duration.ofSeconds(5), 4, 10_000);
    }

    /** QoS 0 then QoS 1, 1 then 100 publishers. */
    List<ThroughputCase> throughputCases() {
        return List.of(new ThroughputCase(MqttQoS.AT_MOST_ONCE, 1),
            new ThroughputCase(MqttQoS.AT_MOST_ONCE, MANY_PUBLISHERS),
            new ThroughputCase(MqttQoS.AT_LEAST_ONCE, 1),
            new ThroughputCase(MqttQoS.AT_LEAST_ONCE, MANY_PUBLISHERS));
    }

    String command() {
        return "bench/mqtt.sh" + (rounds != (quick ? 1 : DEFAULT_ROUNDS) ? " --rounds " + rounds : "")
            + (quick ? " --quick" : "") + (dryRun ? " --dry-run" : "")
            + (caseFilter.isEmpty() ? "" : " --case '" + caseFilter + "'");
    }

    /** Whether the case named so runs in this run. */
    boolean runs(String caseName) {
        return caseName.contains(caseFilter);
    }

    /** A run that leaves docs/ alone. */
    boolean partial() {
        return quick || dryRun || !caseFilter.isEmpty();
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
