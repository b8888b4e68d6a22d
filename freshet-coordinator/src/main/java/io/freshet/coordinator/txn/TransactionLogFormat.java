package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.StateRecordCodec;
import org.apache.kafka.common.TopicPartition;

/**
 * The transaction coordinator's internal log, {@code __transaction_state-0}: one kind of record, a transactional id's
 * state, JSON type name "transaction" (the on-disk format of existing data directories: never change it).
 */
public final class TransactionLogFormat {

    /** The transaction coordinator's partition. */
    public static final TopicPartition PARTITION = new TopicPartition("__transaction_state", 0);

    private TransactionLogFormat() {
    }

    public static StateRecordCodec codec() {
        return new StateRecordCodec().register("transaction", TransactionKey.class, TransactionValue.class);
    }
}
