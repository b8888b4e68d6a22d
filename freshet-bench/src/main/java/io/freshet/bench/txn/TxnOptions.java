package io.freshet.bench.txn;

import io.freshet.bench.rounds.BenchArgs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        BenchArgs parsed = BenchArgs.parse("bench/txn.sh", DEFAULT_ROUNDS, Map.of(), args);
        Path repo = BenchArgs.repoRoot();
        Path anchor = BenchArgs.anchorScript();
        String load = BenchArgs.loadBefore();
        return parsed.quick()
            ? new TxnOptions(parsed.rounds(), true, repo, anchor, load, 200, 20_000, 20_000)
            : new TxnOptions(parsed.rounds(), false, repo, anchor, load, 1_000, 100_000, 200_000);
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
