package io.freshet.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench/mqtt.sh [--rounds N] [--quick] [--dry-run]}: rounds (default 3); --quick one round of short cases
 * and 2,000 idle clients, which checks the harness; --dry-run Mosquitto in Freshet's column too (the harness
 * against itself, before Freshet has an MQTT listener). Either writes its report under target/, not docs/. Plus
 * the system properties {@code bench.repo} and {@code bench.loadBefore} the script sets.
 */
record MqttBenchOptions(int rounds, boolean quick, boolean dryRun, Path repoRoot, String loadBefore,
                        Duration throughputWarmUp, Duration throughputMeasured, int latencyRate,
                        Duration latencyWarmUp, Duration latencyMeasured, int idleClients) {

    static final int DEFAULT_ROUNDS = 3;
    static final int MANY_PUBLISHERS = 100;

    static MqttBenchOptions parse(String... args) {
        Integer rounds = null;
        boolean quick = false;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--dry-run" -> dryRun = true;
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
                    + " (usage: bench/mqtt.sh [--rounds N] [--quick] [--dry-run])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        String load = System.getProperty("bench.loadBefore", "not recorded");
        int n = rounds != null ? rounds : quick ? 1 : DEFAULT_ROUNDS;
        return quick
            ? new MqttBenchOptions(n, true, dryRun, repo, load, Duration.ofSeconds(1), Duration.ofSeconds(2), 1000,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 2_000)
            : new MqttBenchOptions(n, false, dryRun, repo, load, Duration.ofSeconds(2), Duration.ofSeconds(5), 1000,
                Duration.ofSeconds(5), Duration.ofSeconds(20), 10_000);
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
            + (quick ? " --quick" : "") + (dryRun ? " --dry-run" : "");
    }

    /** Where the CSV and the brokers' logs go. */
    Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/mqtt-results");
    }

    /** docs/mqtt-bench.md for a full run against Freshet; a quick or dry run's report stays under target/. */
    Path reportFile() {
        return quick || dryRun ? resultsDir().resolve("mqtt-bench-" + (dryRun ? "dry-run" : "quick") + ".md")
            : repoRoot.resolve("docs/mqtt-bench.md");
    }

    String latencyCaseName() {
        return "latency, QoS 1, " + String.format("%,d", latencyRate) + " msg/s";
    }

    String idleCaseName() {
        return String.format("%,d idle clients", idleClients);
    }
}
