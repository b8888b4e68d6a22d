package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.producer.ProducerIdAllocator;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Transactions come in a later issue: a request with a transactionalId gets UNSUPPORTED_VERSION, which every
 * client treats as fatal and explains as "not supported by the broker", rather than a retriable error that
 * would keep it waiting until its timeout.
 */
final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData, InitProducerIdResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.INIT_PRODUCER_ID, 0, 5);

    private static final Logger log = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final TopicController controller;
    private final ProducerIdAllocator producerIds;

    InitProducerIdHandler(TopicController controller, ProducerIdAllocator producerIds) {
        this.controller = controller;
        this.producerIds = producerIds;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext context,
                                                                InitProducerIdRequestData request) {
        if (request.transactionalId() != null && !request.transactionalId().isEmpty()) {
            log.info("Rejecting InitProducerId for transactional.id {} from {}: transactions are not supported yet",
                request.transactionalId(), context.remoteAddress());
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code()));
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
