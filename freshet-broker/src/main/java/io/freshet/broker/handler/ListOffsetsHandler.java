package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets (key 2), versions 1-7: an offset per partition for a timestamp.
 * <ul>
 *   <li>v1: one offset (and its timestamp) per partition instead of v0's list.</li>
 *   <li>v2: isolationLevel; throttleTimeMs.</li>
 *   <li>v3: same as v2.</li>
 *   <li>v4: currentLeaderEpoch in the request, leaderEpoch in the response.</li>
 *   <li>v5: same as v4.</li>
 *   <li>v6: flexible versions.</li>
 *   <li>v7: MAX_TIMESTAMP (-3): the offset of the record with the largest timestamp.</li>
 * </ul>
 * EARLIEST (-2) is the log start offset, LATEST (-1) the high watermark (for read_committed: the last stable
 * offset, below which no transaction is open), a timestamp {@code >= 0} the first offset whose
 * record timestamp is at least that, or offset -1 when there is none. Leader epochs are not tracked: -1.
 */
final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequestData, ListOffsetsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.LIST_OFFSETS, 1, 7);

    private final TopicController topics;
    private final Authorization authorization;

    ListOffsetsHandler(TopicController topics, Authorization authorization) {
        this.topics = topics;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ListOffsetsResponseData> handle(RequestContext context,
                                                             ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        // As Kafka: each topic needs DESCRIBE, else its partitions answer TOPIC_AUTHORIZATION_FAILED.
        java.util.Set<String> denied = authorization.deniedNames(context, org.apache.kafka.common.acl.AclOperation.DESCRIBE,
            org.apache.kafka.common.resource.ResourceType.TOPIC, request.topics(),
            ListOffsetsRequestData.ListOffsetsTopic::name);
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse topicResponse =
                new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            response.topics().add(topicResponse);
            for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                    .setPartitionIndex(tp.partition());
                try {
                    if (denied.contains(topic.name())) {
                        throw new org.apache.kafka.common.errors.TopicAuthorizationException(
                            java.util.Set.of(topic.name()));
                    }
                    lookup(tp, partition.timestamp(), request.isolationLevel() == IsolationLevel.READ_COMMITTED.id(), result);
                } catch (RuntimeException e) {
                    result.setErrorCode(ErrorMapper.toError(e, tp).code()).setOffset(-1).setTimestamp(-1);
                }
                topicResponse.partitions().add(result);
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private void lookup(TopicPartition tp, long timestamp, boolean committed, ListOffsetsPartitionResponse result) {
        PartitionLog log = topics.log(tp).orElseThrow(() ->
            new UnknownTopicOrPartitionException("Partition " + tp + " does not exist"));
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
            result.setOffset(log.logStartOffset());
        } else if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            result.setOffset(committed ? log.lastStableOffset() : log.highWatermark());
        } else if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            found(log.maxTimestampOffset(), result);
        } else if (timestamp >= 0) {
            found(log.offsetForTimestamp(timestamp), result);
        } else {
            throw new InvalidRequestException("Unsupported special timestamp " + timestamp + " for " + tp);
        }
    }

    private static void found(Optional<FileRecords.TimestampAndOffset> found, ListOffsetsPartitionResponse result) {
        if (found.isPresent()) {
            result.setOffset(found.get().offset).setTimestamp(found.get().timestamp);
        }
    }
}
