package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers (key 61) v0 (KIP-664): the producers a partition knows, from storage's producer state: id,
 * epoch, last sequence and the first offset of the open transaction (-1 when none). Freshet keeps neither the last
 * batch's timestamp nor the coordinator epoch per producer: both are -1. Read under the partition's lock, briefly,
 * on the event loop.
 */
final class DescribeProducersHandler
    implements ApiHandler<DescribeProducersRequestData, DescribeProducersResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.DESCRIBE_PRODUCERS, 0, 0);

    private final TopicController topics;
    private final Authorization authorization;

    DescribeProducersHandler(TopicController topics, Authorization authorization) {
        this.topics = topics;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<DescribeProducersResponseData> handle(RequestContext context,
                                                                   DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        for (DescribeProducersRequestData.TopicRequest topic : request.topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(topic.name());
            response.topics().add(topicResponse);
            for (int partition : topic.partitionIndexes()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition);
                PartitionResponse result = new PartitionResponse().setPartitionIndex(partition);
                Optional<PartitionLog> log = topics.log(tp);
                // As Kafka: READ on the topic.
                if (!authorization.allowed(context, org.apache.kafka.common.acl.AclOperation.READ,
                    org.apache.kafka.common.resource.ResourceType.TOPIC, topic.name())) {
                    result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                } else if (log.isEmpty()) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    try {
                        result.setActiveProducers(log.get().withProducerState(DescribeProducersHandler::producers));
                    } catch (RuntimeException e) {
                        Errors error = ErrorMapper.toError(e, tp);
                        result.setErrorCode(error.code()).setErrorMessage(ErrorMapper.message(e, error));
                    }
                }
                topicResponse.partitions().add(result);
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static List<ProducerState> producers(io.freshet.storage.producer.ProducerStateTable table) {
        Map<Long, Long> open = table.openTransactions();
        List<ProducerState> out = new ArrayList<>();
        for (long producerId : table.producerIds()) {
            out.add(new ProducerState().setProducerId(producerId)
                .setProducerEpoch(table.epochOf(producerId).orElse((short) -1))
                .setLastSequence(table.lastSequenceOf(producerId))
                .setLastTimestamp(-1)
                .setCoordinatorEpoch(-1)
                .setCurrentTxnStartOffset(open.getOrDefault(producerId, -1L)));
        }
        return out;
    }
}
