package io.freshet.bench.txn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/txn.sh [--rounds N] [--quick]}: rounds (default 3, at least 1), and with --quick one round of
 * about a tenth of the records that checks the harness and writes its report under target/, not docs/. Plus the
 * system properties {@code bench.repo}, {@code bench.anchor} and {@code bench.loadBefore} that the script sets.
 *
 * @param singleTransactions transactions of the 1-record cases
 * @param batchedRecords     records of the 100-records-per-transaction cases
 * @param loopRecords        input records of the consume-transform-produce loop
 */
public record TxnOptions(int rounds, boolean quick, Path repoRoot, Path anchorScript, String loadBefore,
                         int singleTransactions, int batchedRecords, int loopRecords) {

    public static final int DEFAULT_ROUNDS = 3;
    public static final int RECORDS_PER_BATCHED_TRANSACTION = 100;
    public static final int LOOP_PARTITIONS = 8;

    public static TxnOptions parse(String... args) {
        Integer rounds = null;
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
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (usage: bench/txn.sh [--rounds N] [--quick])");
            }
        }
        Path repo = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
        Path anchor = Path.of(System.getProperty("bench.anchor",
            repo.resolve("../shared/anchors/kafka/kafka.sh").toString())).toAbsolutePath().normalize();
        String load = System.getProperty("bench.loadBefore", "not recorded");
        int n = rounds != null ? rounds : quick ? 1 : DEFAULT_ROUNDS;
        return quick
            ? new TxnOptions(n, true, repo, anchor, load, 200, 20_000, 20_000)
            : new TxnOptions(n, false, repo, anchor, load, 1_000, 100_000, 200_000);
    }

    /** 1 and 8 partitions x 1 and 100 records per transaction. */
    public List<TxnProduceCase> produceCases() {
        List<TxnProduceCase> cases = new ArrayList<>();
        for (int perTransaction : List.of(1, RECORDS_PER_BATCHED_TRANSACTION)) {
            for (int partitions : List.of(1, 8)) {
                int transactions = perTransaction == 1 ? singleTransactions : batchedRecords / perTransaction;
                cases.add(new TxnProduceCase(partitions, perTransaction, transactions));
            }
        }
        return cases;
    }

    public String command() {
        return "bench/txn.sh" + (rounds != (quick ? 1 : DEFAULT_ROUNDS) ? " --rounds " + rounds : "")
            + (quick ? " --quick" : "");
    }

    /** Where the CSV and the brokers' logs go. */
    public Path resultsDir() {
        return repoRoot.resolve("freshet-bench/target/txn-results");
    }

    /** docs/transactions-bench.md for a full run; a quick run's report stays under target/. */
    public Path reportFile() {
        return quick ? resultsDir().resolve("transactions-bench-quick.md") : repoRoot.resolve("docs/transactions-bench.md");
    }
}
