package io.freshet.broker.handler;

import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit (key 28) v0-4: the transaction coordinator first confirms that the producer is the current
 * instance of its transactional id (a fenced one gets PRODUCER_FENCED, INVALID_PRODUCER_EPOCH before v3, on every
 * partition); then the group coordinator checks the group and member (v3+, KIP-447) and keeps the offsets pending
 * until the transaction ends.
 */
final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequestData, TxnOffsetCommitResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.TXN_OFFSET_COMMIT, 0, 4);

    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;

    TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups) {
        this.transactions = transactions;
        this.groups = groups;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponseData> handle(RequestContext context,
                                                                 TxnOffsetCommitRequestData request) {
        String clientId = context.clientId() == null ? "" : context.clientId();
        ClientInfo client = new ClientInfo(clientId, GroupApiHandler.clientHost(context.remoteAddress()),
            context.apiVersion());
        return transactions.checkProducer(client, request.transactionalId(), request.producerId(),
                request.producerEpoch())
            .thenCompose(error -> error == Errors.NONE
                ? groups.txnOffsetCommit(client, request)
                : CompletableFuture.completedFuture(everyPartition(request, error)));
    }

    private static TxnOffsetCommitResponseData everyPartition(TxnOffsetCommitRequestData request, Errors error) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        request.topics().forEach(t -> {
            TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic topic =
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(t.name());
            t.partitions().forEach(p -> topic.partitions().add(
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
            response.topics().add(topic);
        });
        return response;
    }
}
