package io.freshet.coordinator.txn;

import java.util.Optional;

/**
 * The states of a transactional id, with Kafka's names (DescribeTransactions and ListTransactions report them).
 * <pre>
 *   Empty ──AddPartitions/AddOffsets──> Ongoing ──EndTxn──> PrepareCommit ──markers, offsets──> CompleteCommit
 *                                              └─EndTxn, timeout, fence─> PrepareAbort ──────> CompleteAbort
 *   Complete* ──AddPartitions/AddOffsets──> Ongoing;   Empty/Complete* ──InitProducerId──> Empty (epoch + 1)
 * </pre>
 * Dead and PrepareEpochFence are Kafka states Freshet does not need: ids never expire, and a fence is an abort
 * with the bumped epoch.
 */
public enum TransactionState {
    EMPTY("Empty"),
    ONGOING("Ongoing"),
    PREPARE_COMMIT("PrepareCommit"),
    PREPARE_ABORT("PrepareAbort"),
    COMPLETE_COMMIT("CompleteCommit"),
    COMPLETE_ABORT("CompleteAbort");

    private final String kafkaName;

    TransactionState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    public String kafkaName() {
        return kafkaName;
    }

    public boolean isPrepare() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** May partitions or groups be added (a new transaction begins, or the open one grows)? */
    public boolean acceptsAdditions() {
        return this == EMPTY || this == ONGOING || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    public static Optional<TransactionState> fromKafkaName(String name) {
        for (TransactionState s : values()) {
            if (s.kafkaName.equalsIgnoreCase(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static TransactionState of(String kafkaName) {
        return fromKafkaName(kafkaName).orElseThrow(() ->
            new IllegalStateException("Unknown transaction state in the log: " + kafkaName));
    }
}
