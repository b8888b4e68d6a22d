package io.freshet.bench.txn;

/**
 * A transactional produce case: {@code transactions} transactions of {@code recordsPerTransaction} records each,
 * 100 B values, to a fresh topic of {@code partitions} partitions.
 */
public record TxnProduceCase(int partitions, int recordsPerTransaction, int transactions) {

    public static final int RECORD_SIZE = 100;

    public TxnProduceCase {
        if (partitions < 1 || recordsPerTransaction < 1 || transactions < 1) {
            throw new IllegalArgumentException("partitions, records per transaction and transactions must be >= 1");
        }
    }

    public long records() {
        return (long) recordsPerTransaction * transactions;
    }

    /** The report's case name, e.g. "txn produce 8p, 100 records/txn". */
    public String name() {
        return "txn produce " + partitions + "p, " + recordsPerTransaction
            + (recordsPerTransaction == 1 ? " record/txn" : " records/txn");
    }

    /** A topic-name-safe tag, e.g. "8p-100per". */
    public String slug() {
        return partitions + "p-" + recordsPerTransaction + "per";
    }
}
