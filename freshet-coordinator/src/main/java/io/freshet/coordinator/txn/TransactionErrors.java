package io.freshet.coordinator.txn;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * The one place where the transaction coordinator's errors are adapted to the version a client speaks.
 * PRODUCER_FENCED (KIP-588) exists from InitProducerId v4, AddPartitionsToTxn v2, AddOffsetsToTxn v2, EndTxn v2
 * and TxnOffsetCommit v3; older clients know the same condition as INVALID_PRODUCER_EPOCH.
 */
final class TransactionErrors {

    private TransactionErrors() {
    }

    static Errors forVersion(ApiKeys api, short version, Errors error) {
        if (error != Errors.PRODUCER_FENCED) {
            return error;
        }
        int firstWithFenced;
        switch (api) {
            case INIT_PRODUCER_ID:
                firstWithFenced = 4;
                break;
            case ADD_PARTITIONS_TO_TXN:
            case ADD_OFFSETS_TO_TXN:
            case END_TXN:
                firstWithFenced = 2;
                break;
            case TXN_OFFSET_COMMIT:
                firstWithFenced = 3;
                break;
            default:
                return error;
        }
        return version < firstWithFenced ? Errors.INVALID_PRODUCER_EPOCH : error;
    }
}
