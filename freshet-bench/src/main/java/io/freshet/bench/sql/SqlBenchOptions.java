package io.freshet.bench.sql;

import io.freshet.bench.rounds.BenchArgs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bench/sql.sh [--rounds N] [--records N] [--latency-readings N] [--quick]}: rounds (default 3), readings
 * pre-loaded per round (default 600,000: about 20 minutes for 3 rounds here), hot readings timed for the alert latency (default 3,000 at
 * {@link #LATENCY_RATE}/s); --quick: 1 round of 100,000 readings and 500 latency readings, report under target/.
 */
public record SqlBenchOptions(int rounds, boolean quick, Path repoRoot, Path anchorScript, String loadBefore,
                              int kafkaPort, int records, int latencyReadings, String command) {

    public static final int DEFAULT_ROUNDS = 3;
    /** Input partitions: the SQL sinks get as many (ksqlDB's default); one stream thread serves them all. */
    public static final int PARTITIONS = 4;
    public static final int LATENCY_RATE = 500;
    private static final String RECORDS = "--records";
    private static final String LATENCY = "--latency-readings";

    public static SqlBenchOptions parse(String... args) {
        Map<String, BenchArgs.NumberOption> options = new LinkedHashMap<>();
        options.put(RECORDS, new BenchArgs.NumberOption(10_000, 50_000_000, 600_000, 100_000));
        options.put(LATENCY, new BenchArgs.NumberOption(100, 100_000, 3_000, 500));
        BenchArgs parsed = BenchArgs.parse("bench/sql.sh", DEFAULT_ROUNDS, options, args);
        return new SqlBenchOptions(parsed.rounds(), parsed.quick(), BenchArgs.repoRoot(), BenchArgs.anchorScript(),
            BenchArgs.loadBefore(), BenchArgs.kafkaPort(), (int) parsed.number(RECORDS),
            (int) parsed.number(LATENCY), parsed.command());
    }

    /** Where the CSV, the brokers' logs and a quick run's report go. */
    public Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/sql-results");
    }

    /** docs/sql-bench.md for a full run; a quick run's report stays under target/. */
    public Path reportFile() {
        return quick ? resultsDir().resolve("sql-bench-quick.md") : repoRoot.resolve("docs/sql-bench.md");
    }
}
