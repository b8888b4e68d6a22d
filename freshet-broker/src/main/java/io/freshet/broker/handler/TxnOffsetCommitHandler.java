package io.freshet.broker.handler;

import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.txn.TransactionCoordinator;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
    private final Authorization authorization;

    TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups,
                           Authorization authorization) {
        this.transactions = transactions;
        this.groups = groups;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponseData> handle(RequestContext context,
                                                                 TxnOffsetCommitRequestData request) {
        // As Kafka: WRITE on the transactional id, READ on the group (else every partition fails), READ on
        // each topic (else its partitions TOPIC_AUTHORIZATION_FAILED, the others committed).
        authorization.requireTransactionalId(context, AclOperation.WRITE, request.transactionalId());
        authorization.requireGroup(context, AclOperation.READ, request.groupId());
        Set<String> denied = authorization.deniedNames(context, AclOperation.READ, ResourceType.TOPIC,
            request.topics(), TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic::name);
        List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> refused = new ArrayList<>();
        if (!denied.isEmpty()) {
            List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> allowed = new ArrayList<>();
            request.topics().forEach(t -> (denied.contains(t.name()) ? refused : allowed).add(t));
            request.setTopics(allowed);
        }
        String clientId = context.clientId() == null ? "" : context.clientId();
        ClientInfo client = new ClientInfo(clientId, GroupApiHandler.clientHost(context.remoteAddress()),
            context.apiVersion());
        return transactions.checkProducer(client, request.transactionalId(), request.producerId(),
                request.producerEpoch())
            .thenCompose(error -> error == Errors.NONE
                ? groups.txnOffsetCommit(client, request)
                : CompletableFuture.completedFuture(everyPartition(request, error)))
            .thenApply(response -> {
                TxnOffsetCommitRequestData refusedPart = new TxnOffsetCommitRequestData().setTopics(refused);
                response.topics().addAll(everyPartition(refusedPart, Errors.TOPIC_AUTHORIZATION_FAILED).topics());
                return response;
            });
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
