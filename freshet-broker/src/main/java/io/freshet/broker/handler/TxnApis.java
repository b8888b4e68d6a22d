package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;

/**
 * The transaction APIs (protocol v1, KIP-98) and the versions advertised for them. The transaction coordinator
 * answers all but TxnOffsetCommit, which the group coordinator answers once the transaction coordinator has
 * confirmed the producer's epoch, and DescribeProducers, which reads storage.
 * <ul>
 *   <li>AddPartitionsToTxn 0-3: v4 is KIP-890's broker-to-broker batch, v5 transactions v2.</li>
 *   <li>AddOffsetsToTxn 0-4, EndTxn 0-4 (v5 bumps the epoch on every end: KIP-890, not advertised),
 *       TxnOffsetCommit 0-4 (v3+ name the group member, KIP-447). From v2 (TxnOffsetCommit v3) a fenced producer
 *       gets PRODUCER_FENCED, before that INVALID_PRODUCER_EPOCH.</li>
 *   <li>DescribeTransactions 0, ListTransactions 0-1 (v1 filters by duration; v2's id pattern is not served),
 *       DescribeProducers 0 (KIP-664).</li>
 * </ul>
 * No feature {@code transaction.version} is advertised, so 4.x clients stay on transactions v1.
 */
final class TxnApis {

    private TxnApis() {
    }

    static List<ApiHandler<?, ?>> handlers(TransactionCoordinator txn, GroupCoordinator groups,
                                           TopicController topics, Authorization authorization) {
        CoordinatorAccess access = new CoordinatorAccess(authorization);
        return List.of(
            new GroupApiHandler<>(range(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 3), access.addPartitionsToTxn(),
                txn::addPartitionsToTxn),
            new GroupApiHandler<>(range(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4), access.addOffsetsToTxn(),
                txn::addOffsetsToTxn),
            new GroupApiHandler<>(range(ApiKeys.END_TXN, 0, 4), access.endTxn(), txn::endTxn),
            new TxnOffsetCommitHandler(txn, groups, authorization),
            new GroupApiHandler<>(range(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0), access.describeTransactions(),
                txn::describeTransactions),
            new GroupApiHandler<>(range(ApiKeys.LIST_TRANSACTIONS, 0, 1), access.listTransactions(),
                txn::listTransactions),
            new DescribeProducersHandler(topics, authorization));
    }

    private static ApiVersionRange range(ApiKeys key, int min, int max) {
        return new ApiVersionRange(key, min, max);
    }
}
