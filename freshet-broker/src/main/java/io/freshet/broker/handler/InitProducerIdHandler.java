package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.txn.TransactionCoordinator;
import io.freshet.storage.producer.ProducerIdAllocator;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId (key 22), versions 0-5: a producer id and epoch for an idempotent producer.
 * <ul>
 *   <li>v1: same as v0.</li>
 *   <li>v2: flexible versions.</li>
 *   <li>v3: producerId and producerEpoch in the request: an idempotent producer recovering from an error asks
 *       for its epoch to be bumped (KIP-360).</li>
 *   <li>v4: same as v3 (PRODUCER_FENCED error).</li>
 *   <li>v5: same as v4 (KIP-890 part 1).</li>
 * </ul>
 *
 * <p>A new producer gets a fresh id from storage's {@link ProducerIdAllocator} (never reused after a restart)
 * and epoch 0. A producer that sends its id and epoch gets the epoch plus one, or a fresh id once the epoch
 * would overflow; storage then expects sequence 0 from it. Allocation may persist a block of ids, so it runs on
 * the topic controller thread, off the event loop.
 *
 * <p>A request with a transactionalId goes to the {@link TransactionCoordinator}, which keeps one producer id per
 * transactional id and bumps its epoch (fencing older instances).
 */
final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData, InitProducerIdResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.INIT_PRODUCER_ID, 0, 5);

    private final TopicController controller;
    private final ProducerIdAllocator producerIds;
    private final TransactionCoordinator transactions;
    private final Authorization authorization;

    InitProducerIdHandler(TopicController controller, ProducerIdAllocator producerIds,
                          TransactionCoordinator transactions, Authorization authorization) {
        this.controller = controller;
        this.producerIds = producerIds;
        this.transactions = transactions;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext context,
                                                                InitProducerIdRequestData request) {
        // An empty id stays idempotent, as before (Kafka says INVALID_REQUEST; a lenient answer breaks no client).
        if (request.transactionalId() != null && !request.transactionalId().isEmpty()) {
            // As Kafka: a transactional producer needs WRITE on its transactional id.
            authorization.requireTransactionalId(context, AclOperation.WRITE, request.transactionalId());
            String clientId = context.clientId() == null ? "" : context.clientId();
            return transactions.initProducerId(new ClientInfo(clientId,
                GroupApiHandler.clientHost(context.remoteAddress()), context.apiVersion()), request);
        }
        // As Kafka: an idempotent producer needs IDEMPOTENT_WRITE on the cluster, or WRITE on some topic.
        if (!authorization.allowedOnCluster(context, AclOperation.IDEMPOTENT_WRITE)
            && !authorization.allowedOnAny(context, AclOperation.WRITE, ResourceType.TOPIC)) {
            throw new ClusterAuthorizationException("Idempotent produce needs IDEMPOTENT_WRITE on the cluster or "
                + "WRITE on a topic");
        }
        long producerId = request.producerId();
        short epoch = request.producerEpoch();
        if (producerId != RecordBatch.NO_PRODUCER_ID && epoch >= 0 && epoch < Short.MAX_VALUE - 1) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                .setProducerId(producerId).setProducerEpoch((short) (epoch + 1)));
        }
        return controller.submit(producerIds::nextProducerId)
            .thenApply(id -> new InitProducerIdResponseData().setProducerId(id).setProducerEpoch((short) 0));
    }
}
