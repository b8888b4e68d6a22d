package io.freshet.bench;

import io.freshet.bench.workload.ProduceCase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's settings, from the command line ({@code [--rounds N] [--quick] [--metrics-cost] [--ab KEY=VALUE]...
 * [--only TEXT]}) and two system properties that bench/run.sh sets: {@code bench.repo} (the repository root) and
 * {@code bench.anchor} (kafka.sh). Immutable.
 *
 * @param abSettings {@code --ab}: broker settings ({@code KEY=VALUE}) and JVM options ({@code -X...}) of Freshet B,
 *                   measured against Freshet with its defaults only
 * @param only       {@code --only}: run only the cases whose name contains this text (empty: all)
 */
public record BenchOptions(int rounds, boolean quick, Path repoRoot, Path anchorScript, long records100,
                           long records1024, long warmUpRecords, Duration e2eWarmUp, Duration e2eMeasured,
                           boolean metricsCost, List<String> abSettings, String only) {

    public static final List<Integer> E2E_RATES = List.of(10_000, 50_000);
    public static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(120);
    /**
     * A consume case reads this many times its produce case's records: at the produce counts a consume case lasted
     * ~0.3 s, too short to tell two brokers apart on these machines.
     */
    public static final int CONSUME_RECORDS_FACTOR = 3;
    /**
     * A consume case reads its loaded topic this many times, each pass with a fresh consumer from the beginning, and
     * reports all passes as one (records and time summed): at one pass a case lasted about a second, and the rounds
     * of one target spread up to 2x (2026-12-04), more than the 1.25x the brokers are compared by. More passes cost
     * no loading and no disk.
     */
    public static final int CONSUME_PASSES = 4;

    public static BenchOptions parse(String... args) {
        Integer rounds = null;
        boolean quick = false;
        boolean metricsCost = false;
        List<String> ab = new ArrayList<>();
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--metrics-cost" -> metricsCost = true;
                case "--ab" -> {
                    if (i + 1 >= args.length || !(args[i + 1].contains("=") || args[i + 1].startsWith("-X"))) {
                        throw new IllegalArgumentException("--ab needs KEY=VALUE (a broker setting of Freshet B) or "
                            + "-X... (a JVM option of Freshet B)");
                    }
                    ab.add(args[++i]);
                }
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--only needs the text of case names to run");
                    }
                    only = args[++i];
                }
                case "--rounds" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--rounds needs a number");
                    }
                    rounds = Integer.parseInt(args[++i]);
                    if (rounds < 1 || rounds > 20) {
                        throw new IllegalArgumentException("--rounds must be 1-20, not " + rounds);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (usage: bench/run.sh [--rounds N] [--quick] [--metrics-cost] [--ab KEY=VALUE]... [--only TEXT])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path anchor = Path.of(System.getProperty("bench.anchor",
            repo.resolve("../shared/anchors/kafka/kafka.sh").toString())).toAbsolutePath().normalize();
        if (metricsCost && !ab.isEmpty()) {
            throw new IllegalArgumentException("--metrics-cost and --ab are two different comparisons: choose one");
        }
        int n = rounds != null ? rounds : quick ? 1 : 3;
        return quick
            ? new BenchOptions(n, true, repo, anchor, 100_000, 25_000, 50_000, Duration.ofSeconds(1), Duration.ofSeconds(2),
                metricsCost, List.copyOf(ab), only)
            : new BenchOptions(n, false, repo, anchor, 1_000_000, 250_000, 200_000, Duration.ofSeconds(2),
                Duration.ofSeconds(5), metricsCost, List.copyOf(ab), only);
    }

    /** 100 B and 1 KiB x 1 and 8 partitions x acks=1 and acks=all. */
    public List<ProduceCase> produceCases() {
        List<ProduceCase> cases = new ArrayList<>();
        for (int size : List.of(100, 1024)) {
            for (int partitions : List.of(1, 8)) {
                for (String acks : List.of("1", "all")) {
                    cases.add(new ProduceCase(size, partitions, acks, size == 100 ? records100 : records1024));
                }
            }
        }
        return cases;
    }

    /**
     * These settings with a quarter of the records: the unreported round 0 against the sink, which runs every case's
     * client path once before round 1 so that no target of round 1 measures the harness's JIT warming up (in the run
     * of 2026-12-04 14:32, the target that came first in round 1 had its lowest acks=all figure of the three rounds
     * in every case).
     */
    public BenchOptions clientWarmUp() {
        return new BenchOptions(1, quick, repoRoot, anchorScript, records100 / 4, records1024 / 4, warmUpRecords,
            e2eWarmUp, e2eMeasured, metricsCost, abSettings, only);
    }

    /** Whether {@code --only} lets the case of this name run. */
    public boolean runs(String caseName) {
        return caseName.contains(only);
    }

    /** Freshet against Freshet with {@link #abSettings}: no Kafka, no sink, and a report of its own. */
    public boolean abComparison() {
        return !abSettings.isEmpty();
    }

    /** Where the CSV and the brokers' logs go. */
    public Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/bench-results");
    }

    /** A full run rewrites docs/; a quick one writes its report beside the CSV and leaves docs/ alone. */
    public Path reportDir() {
        return quick ? resultsDir() : repoRoot.resolve("docs");
    }

    public String command() {
        return "bench/run.sh" + (quick ? " --quick" : "") + (rounds != (quick ? 1 : 3) ? " --rounds " + rounds : "")
            + (metricsCost ? " --metrics-cost" : "")
            + abSettings.stream().map(kv -> " --ab " + kv).collect(java.util.stream.Collectors.joining())
            + (only.isEmpty() ? "" : " --only '" + only + "'");
    }
}
