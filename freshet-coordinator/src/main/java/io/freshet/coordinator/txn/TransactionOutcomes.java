package io.freshet.coordinator.txn;

import java.util.concurrent.atomic.LongAdder;

/**
 * Transactions completed since start-up: CompleteCommit or CompleteAbort written (markers and group offsets done).
 * Kafka's broker has no such counter; freshet-server exports these as {@code freshet_transactions_total{result}}.
 * Counted on the coordinator thread, read by a metrics scrape on any thread.
 */
public final class TransactionOutcomes {

    private final LongAdder committed = new LongAdder();
    private final LongAdder aborted = new LongAdder();

    void completed(boolean commit) {
        (commit ? committed : aborted).increment();
    }

    public long committed() {
        return committed.sum();
    }

    public long aborted() {
        return aborted.sum();
    }
}
