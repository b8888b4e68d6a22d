package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (key 21), versions 0-2: moves partitions' log start offsets forward (Kafka Streams purges
 * repartition topics with it).
 * <ul>
 *   <li>v1: same as v0.</li>
 *   <li>v2: flexible versions.</li>
 * </ul>
 * Offset -1 means the high watermark; above the high watermark is OFFSET_OUT_OF_RANGE. The response's
 * lowWatermark is the new log start offset. Storage persists the new start offset, so the work runs on the
 * topic controller thread rather than the event loop.
 */
final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequestData, DeleteRecordsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.DELETE_RECORDS, 0, 2);

    private final TopicController topics;
    private final Authorization authorization;

    DeleteRecordsHandler(TopicController topics, Authorization authorization) {
        this.topics = topics;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<DeleteRecordsResponseData> handle(RequestContext context,
                                                               DeleteRecordsRequestData request) {
        // As Kafka: DELETE on each topic, else its partitions answer TOPIC_AUTHORIZATION_FAILED (checked here,
        // on the event loop that owns the connection's principal).
        java.util.Set<String> denied = authorization.deniedNames(context,
            org.apache.kafka.common.acl.AclOperation.DELETE, org.apache.kafka.common.resource.ResourceType.TOPIC,
            request.topics(), DeleteRecordsRequestData.DeleteRecordsTopic::name);
        return topics.submit(() -> {
            DeleteRecordsResponseData response = new DeleteRecordsResponseData();
            for (DeleteRecordsRequestData.DeleteRecordsTopic topic : request.topics()) {
                DeleteRecordsResponseData.DeleteRecordsTopicResult topicResult =
                    new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(topic.name());
                response.topics().add(topicResult);
                for (DeleteRecordsRequestData.DeleteRecordsPartition partition : topic.partitions()) {
                    if (denied.contains(topic.name())) {
                        topicResult.partitions().add(new DeleteRecordsPartitionResult()
                            .setPartitionIndex(partition.partitionIndex()).setLowWatermark(-1)
                            .setErrorCode(org.apache.kafka.common.protocol.Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                        continue;
                    }
                    topicResult.partitions().add(delete(new TopicPartition(topic.name(), partition.partitionIndex()),
                        partition.offset()));
                }
            }
            return response;
        });
    }

    private DeleteRecordsPartitionResult delete(TopicPartition tp, long offset) {
        DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(tp.partition());
        try {
            PartitionLog log = topics.log(tp).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Partition " + tp + " does not exist"));
            return result.setLowWatermark(log.deleteRecordsBefore(offset));
        } catch (RuntimeException e) {
            return result.setLowWatermark(-1).setErrorCode(ErrorMapper.toError(e, tp).code());
        }
    }
}
