package io.freshet.bench.share;

import io.freshet.bench.rounds.BenchArgs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/share.sh [--rounds N] [--records N] [--quick]}: rounds (default 3), records per topic (default
 * 1,000,000), and with --quick one round of 100,000 records that checks the harness and writes its report under
 * target/, not docs/. Plus the system properties
 * {@code bench.repo}, {@code bench.anchor} and {@code bench.loadBefore} that the script sets.
 *
 * @param records records in each pre-filled topic, and so consumed by each case
 * @param command the command that reproduces this run
 */
public record ShareOptions(int rounds, boolean quick, Path repoRoot, Path anchorScript, String loadBefore,
                           int records, String command) {

    public static final int DEFAULT_ROUNDS = 3;
    private static final String RECORDS = "--records";
    public static final int DEFAULT_RECORDS = 1_000_000;
    public static final int RECORD_SIZE = 100;
    public static final List<Integer> PARTITIONS = List.of(1, 8);
    public static final List<Integer> MEMBERS = List.of(4, 16);

    public static ShareOptions parse(String... args) {
        BenchArgs parsed = BenchArgs.parse("bench/share.sh", DEFAULT_ROUNDS,
            Map.of(RECORDS, new BenchArgs.NumberOption(10_000, Integer.MAX_VALUE, DEFAULT_RECORDS, 100_000)), args);
        return new ShareOptions(parsed.rounds(), parsed.quick(), BenchArgs.repoRoot(), BenchArgs.anchorScript(),
            BenchArgs.loadBefore(), (int) parsed.number(RECORDS), parsed.command());
    }

    public static String caseName(int members, int partitions) {
        return members + " members, " + partitions + (partitions == 1 ? " partition" : " partitions");
    }

    /** Where the CSV and the brokers' logs go. */
    public Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/share-results");
    }

    /** docs/share-bench.md for a full run; a quick run's report stays under target/. */
    public Path reportFile() {
        return quick ? resultsDir().resolve("share-bench-quick.md") : repoRoot.resolve("docs/share-bench.md");
    }
}
