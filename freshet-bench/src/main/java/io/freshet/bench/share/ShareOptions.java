package io.freshet.bench.share;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench/share.sh [--rounds N] [--records N] [--quick]}: rounds (default 3), records per topic (default
 * 1,000,000), and with --quick one round of 100,000 records that checks the harness and writes its report under
 * target/, not docs/. Plus the system properties
 * {@code bench.repo}, {@code bench.anchor} and {@code bench.loadBefore} that the script sets.
 *
 * @param records records in each pre-filled topic, and so consumed by each case
 */
public record ShareOptions(int rounds, boolean quick, Path repoRoot, Path anchorScript, String loadBefore,
                           int records) {

    public static final int DEFAULT_ROUNDS = 3;
    public static final int DEFAULT_RECORDS = 1_000_000;
    public static final int RECORD_SIZE = 100;
    public static final List<Integer> PARTITIONS = List.of(1, 8);
    public static final List<Integer> MEMBERS = List.of(4, 16);

    public static ShareOptions parse(String... args) {
        Integer rounds = null;
        Integer records = null;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
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
                case "--records" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--records needs a number");
                    }
                    try {
                        records = Integer.parseInt(args[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--records needs a number, not " + args[i]);
                    }
                    if (records < 10_000) {
                        throw new IllegalArgumentException("--records must be at least 10000, not " + records);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (usage: bench/share.sh [--rounds N] [--records N] [--quick])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path anchor = Path.of(System.getProperty("bench.anchor",
            repo.resolve("../shared/anchors/kafka/kafka.sh").toString())).toAbsolutePath().normalize();
        String load = System.getProperty("bench.loadBefore", "not recorded");
        int n = rounds != null ? rounds : quick ? 1 : DEFAULT_ROUNDS;
        int r = records != null ? records : quick ? 100_000 : DEFAULT_RECORDS;
        return new ShareOptions(n, quick, repo, anchor, load, r);
    }

    public String command() {
        return "bench/share.sh" + (rounds != (quick ? 1 : DEFAULT_ROUNDS) ? " --rounds " + rounds : "")
            + (records != (quick ? 100_000 : DEFAULT_RECORDS) ? " --records " + records : "")
            + (quick ? " --quick" : "");
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
