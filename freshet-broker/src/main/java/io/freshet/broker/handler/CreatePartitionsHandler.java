package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CreatePartitions (key 37), versions 0-3: grows topics to a new partition count.
 * <ul>
 *   <li>v1: same as v0.</li>
 *   <li>v2: flexible versions.</li>
 *   <li>v3: same as v2.</li>
 * </ul>
 * Only an increase is allowed (INVALID_PARTITIONS otherwise); an explicit assignment must give exactly one
 * replica list per new partition, each naming only this broker (INVALID_REPLICA_ASSIGNMENT).
 */
final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequestData, CreatePartitionsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.CREATE_PARTITIONS, 0, 3);

    private final TopicController topics;
    private final int nodeId;
    private final Authorization authorization;

    CreatePartitionsHandler(TopicController topics, int nodeId, Authorization authorization) {
        this.topics = topics;
        this.nodeId = nodeId;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(RequestContext context,
                                                                  CreatePartitionsRequestData request) {
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
        // As CreateTopics (and Kafka's controller): more than 10,000 new partitions in all is refused whole.
        boolean tooMany = newPartitions(request) > CreateTopicsHandler.MAX_PARTITIONS_PER_REQUEST;
        for (CreatePartitionsTopic topic : request.topics()) {
            if (tooMany) {
                results.add(CompletableFuture.completedFuture(new CreatePartitionsTopicResult().setName(topic.name())
                    .setErrorCode(Errors.POLICY_VIOLATION.code())
                    .setErrorMessage("Excessively large number of partitions per request.")));
                continue;
            }
            // As Kafka: ALTER on the topic.
            results.add(authorization.allowed(context, org.apache.kafka.common.acl.AclOperation.ALTER,
                org.apache.kafka.common.resource.ResourceType.TOPIC, topic.name())
                ? grow(topic, request.validateOnly())
                : CompletableFuture.completedFuture(new CreatePartitionsTopicResult().setName(topic.name())
                    .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                    .setErrorMessage(Errors.TOPIC_AUTHORIZATION_FAILED.message())));
        }
        return Futures.inOrder(results).thenApply(done -> {
            CreatePartitionsResponseData response = new CreatePartitionsResponseData();
            response.results().addAll(done);
            return response;
        });
    }

    private long newPartitions(CreatePartitionsRequestData request) {
        long total = 0;
        for (CreatePartitionsTopic topic : request.topics()) {
            int current = topics.image().topic(topic.name()).map(t -> t.partitionCount()).orElse(0);
            total += Math.max(0, (long) topic.count() - current);
        }
        return total;
    }

    private CompletableFuture<CreatePartitionsTopicResult> grow(CreatePartitionsTopic topic, boolean validateOnly) {
        CompletableFuture<?> grown;
        try {
            checkAssignments(topic);
            grown = topics.createPartitions(topic.name(), topic.count(), validateOnly);
        } catch (RuntimeException e) {
            grown = CompletableFuture.failedFuture(e);
        }
        return grown.handle((ignored, error) -> {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            if (error != null) {
                Errors code = ErrorMapper.toError(error, "topic " + topic.name());
                result.setErrorCode(code.code()).setErrorMessage(ErrorMapper.message(error, code));
            }
            return result;
        });
    }

    private void checkAssignments(CreatePartitionsTopic topic) {
        if (topic.assignments() == null || topic.assignments().isEmpty()) {
            return;
        }
        int current = topics.image().topic(topic.name()).map(t -> t.partitionCount()).orElse(0);
        if (topic.assignments().size() != topic.count() - current) {
            throw new InvalidReplicaAssignmentException("Increasing the number of partitions by "
                + (topic.count() - current) + " but " + topic.assignments().size() + " assignments provided.");
        }
        for (CreatePartitionsAssignment assignment : topic.assignments()) {
            if (!assignment.brokerIds().equals(List.of(nodeId))) {
                throw new InvalidReplicaAssignmentException("Assignment " + assignment.brokerIds()
                    + " names a broker other than " + nodeId);
            }
        }
    }
}
