package io.freshet.broker.handler;

import io.freshet.broker.share.SessionPartition;
import io.freshet.broker.share.ShareServices;
import io.freshet.broker.share.ShareSessionKey;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ShareAcknowledge (key 79), versions 1-2: acknowledgements outside a fetch (KafkaShareConsumer's commitSync,
 * commitAsync and close).
 * <ul>
 *   <li>v1: the share session's epoch (0 is INVALID_SHARE_SESSION_EPOCH: a session never starts here; -1 closes it
 *       and releases every record the member still holds); per-partition errors.</li>
 *   <li>v2: IsRenewAck and RENEW (type 4).</li>
 * </ul>
 * The answer comes once every acknowledgement is durable.
 */
final class ShareAcknowledgeHandler
    implements ApiHandler<ShareAcknowledgeRequestData, ShareAcknowledgeResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.SHARE_ACKNOWLEDGE, 1, 2);
    private static final int FINAL_EPOCH = -1;

    private final ShareServices services;
    private final ShareAcks acks;

    private final Authorization authorization;

    ShareAcknowledgeHandler(ShareServices services, Authorization authorization) {
        this.services = services;
        this.authorization = authorization;
        this.acks = new ShareAcks(new SharePartitionLookup(services.topics()), services.states());
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ShareAcknowledgeResponseData> handle(RequestContext context,
                                                                  ShareAcknowledgeRequestData request) {
        ShareSessionKey key = new ShareSessionKey(request.groupId(), request.memberId());
        boolean closing = request.shareSessionEpoch() == FINAL_EPOCH;
        try {
            // READ on the group and on each topic (the whole request refused, where Kafka refuses per partition).
            var denied = authorization.shareAccess(context, request.groupId(), request.topics().stream()
                .map(t -> services.topics().image().topic(t.topicId())).flatMap(java.util.Optional::stream)
                .map(io.freshet.broker.metadata.TopicMetadata::name));
            if (denied != null) {
                throw denied;
            }
            if (key.groupId() == null || key.groupId().isEmpty() || key.memberId() == null
                || key.memberId().isEmpty()) {
                throw new InvalidRequestException("ShareAcknowledge needs a group id and a member id");
            }
            if (closing) {
                services.sessions().checkExists(key);
            } else {
                services.sessions().acknowledge(key, request.shareSessionEpoch());
            }
        } catch (RuntimeException e) {
            Errors error = ErrorMapper.toError(e, "a ShareAcknowledge");
            return CompletableFuture.completedFuture(new ShareAcknowledgeResponseData().setErrorCode(error.code())
                .setErrorMessage(ErrorMapper.message(e, error)));
        }
        int lockDurationMs = services.settings().settings(key.groupId()).recordLockDurationMs();
        CompletableFuture<ShareAcknowledgeResponseData> answered = acks
            .apply(key.groupId(), key.memberId(), acknowledgements(request), context.apiVersion())
            .thenApply(errors -> response(errors, lockDurationMs));
        if (!closing) {
            return answered;
        }
        return answered.thenCompose(response -> {
            services.sessions().close(key);
            return services.states().releaseMember(key.groupId(), key.memberId()).handle((ignored, failure) -> {
                if (failure != null) {
                    ErrorMapper.toError(failure, "releasing the records of " + key);
                }
                return response;
            });
        });
    }

    private static ShareAcknowledgeResponseData response(Map<SessionPartition, Errors> errors, int lockDurationMs) {
        ShareAcknowledgeResponseData response = new ShareAcknowledgeResponseData()
            .setAcquisitionLockTimeoutMs(lockDurationMs);
        errors.forEach((partition, error) -> {
            ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse topic =
                response.responses().find(partition.topicId());
            if (topic == null) {
                topic = new ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse()
                    .setTopicId(partition.topicId());
                response.responses().add(topic);
            }
            topic.partitions().add(new ShareAcknowledgeResponseData.PartitionData()
                .setPartitionIndex(partition.partition()).setErrorCode(error.code()));
        });
        return response;
    }

    private static Map<SessionPartition, List<ShareAcks.Batch>> acknowledgements(ShareAcknowledgeRequestData request) {
        Map<SessionPartition, List<ShareAcks.Batch>> acks = new LinkedHashMap<>();
        for (ShareAcknowledgeRequestData.AcknowledgeTopic topic : request.topics()) {
            for (ShareAcknowledgeRequestData.AcknowledgePartition partition : topic.partitions()) {
                List<ShareAcks.Batch> batches = new ArrayList<>();
                for (ShareAcknowledgeRequestData.AcknowledgementBatch batch : partition.acknowledgementBatches()) {
                    batches.add(new ShareAcks.Batch(batch.firstOffset(), batch.lastOffset(), batch.acknowledgeTypes()));
                }
                acks.put(new SessionPartition(topic.topicId(), partition.partitionIndex()), batches);
            }
        }
        return acks;
    }
}
