package io.freshet.coordinator.txn;

/**
 * The transaction coordinator's settings, under Kafka's broker property names (see {@code BrokerConfig}).
 *
 * @param maxTimeoutMs           transaction.max.timeout.ms: the longest transaction.timeout.ms a producer may ask for
 * @param abortCheckIntervalMs   transaction.abort.timed.out.transaction.cleanup.interval.ms: how often open
 *                               transactions are checked against their timeout
 * @param idExpirationMs         transactional.id.expiration.ms: accepted and kept, not yet enforced (transactional
 *                               ids are never expired)
 * @param retryBackoffMs         how long to wait before completing a prepared transaction again after a failure
 *                               (a marker or state write that did not succeed)
 * @param checkpointBytes        bytes written to {@code __transaction_state-0} before its state is written again and
 *                               the older records dropped
 */
public record TransactionConfig(int maxTimeoutMs, long abortCheckIntervalMs, long idExpirationMs, long retryBackoffMs,
                                long checkpointBytes) {

    /** Kafka 4.4's defaults. */
    public static TransactionConfig defaults() {
        return new TransactionConfig(900_000, 10_000, 604_800_000L, 1_000, 16L << 20);
    }
}
