package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.storage.log.LogConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics (key 19), versions 2-7.
 * <ul>
 *   <li>v2: same as v1 (validateOnly, errorMessage from v1; throttleTimeMs).</li>
 *   <li>v3: same as v2.</li>
 *   <li>v4: numPartitions and replicationFactor may be -1 for the broker default (Kafka Streams relies on it).</li>
 *   <li>v5: flexible versions; the response carries numPartitions, replicationFactor and every config.</li>
 *   <li>v6: same as v5.</li>
 *   <li>v7: topicId in the response.</li>
 * </ul>
 * One broker, so the replication factor must be 1 or -1 (INVALID_REPLICATION_FACTOR otherwise) and a manual
 * assignment may only name this broker (INVALID_REPLICA_ASSIGNMENT). Configs are validated by storage's
 * {@link LogConfig} (INVALID_CONFIG with its message). Each topic succeeds or fails alone.
 */
final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequestData, CreateTopicsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.CREATE_TOPICS, 2, 7);

    private final TopicController topics;
    private final int nodeId;
    private final Authorization authorization;

    CreateTopicsHandler(TopicController topics, int nodeId, Authorization authorization) {
        this.topics = topics;
        this.nodeId = nodeId;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<CreateTopicsResponseData> handle(RequestContext context,
                                                              CreateTopicsRequestData request) {
        short version = context.apiVersion();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        request.topics().forEach(t -> {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        });
        // As Kafka's controller (MAX_PARTITIONS_PER_BATCH): a request for more than 10,000 partitions in all is
        // refused whole, before anything is created. Without it one CreateTopics of 2^30 partitions (found by
        // KafkaFrameFuzzTest) created partitions until the broker ran out of file descriptors.
        boolean tooMany = requestedPartitions(request) > MAX_PARTITIONS_PER_REQUEST;
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            CompletableFuture<CreatableTopicResult> result;
            if (tooMany) {
                result = CompletableFuture.completedFuture(failure(topic.name(),
                    new PolicyViolationException("Excessively large number of partitions per request."), version));
            } else if (duplicates.contains(topic.name())) {
                result = CompletableFuture.completedFuture(failure(topic.name(),
                    new InvalidRequestException("Topic " + topic.name() + " appears more than once in the request"),
                    version));
            } else if (!authorization.mayCreateTopic(context, topic.name())) {
                // As Kafka: CREATE on the cluster or on the topic.
                result = CompletableFuture.completedFuture(failure(topic.name(),
                    new TopicAuthorizationException("Authorization failed."), version));
            } else {
                boolean describeConfigs = authorization.allowed(context, AclOperation.DESCRIBE_CONFIGS,
                    ResourceType.TOPIC, topic.name());
                result = create(topic, request.validateOnly(), version).thenApply(r -> {
                    // As Kafka: the created topic's configs only for a client that may DESCRIBE_CONFIGS it.
                    if (!describeConfigs && version >= 5 && r.errorCode() == Errors.NONE.code()) {
                        r.configs().clear();
                        r.setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                    }
                    return r;
                });
            }
            results.add(result);
        }
        return Futures.inOrder(results).thenApply(done -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData();
            response.topics().addAll(done);
            return response;
        });
    }

    static final int MAX_PARTITIONS_PER_REQUEST = 10_000;

    /** Partitions the request asks for: explicit counts and assignments (a default of -1 counts as one). */
    private static long requestedPartitions(CreateTopicsRequestData request) {
        long total = 0;
        for (CreatableTopic topic : request.topics()) {
            total += topic.assignments().isEmpty() ? Math.max(1, topic.numPartitions()) : topic.assignments().size();
        }
        return total;
    }

    private CompletableFuture<CreatableTopicResult> create(CreatableTopic topic, boolean validateOnly,
                                                           short version) {
        int partitions;
        Map<String, String> configs = new LinkedHashMap<>();
        try {
            partitions = partitionCount(topic);
            topic.configs().forEach(c -> configs.put(c.name(), c.value()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(topic.name(), e, version));
        }
        return topics.createTopic(topic.name(), partitions, configs, validateOnly)
            .handle((created, error) -> error == null ? success(created, version)
                : failure(topic.name(), error, version));
    }

    private int partitionCount(CreatableTopic topic) {
        short rf = topic.replicationFactor();
        if (!topic.assignments().isEmpty()) {
            if (topic.numPartitions() != -1 || rf != -1) {
                throw new InvalidRequestException("Both numPartitions or replicationFactor and replicasAssignments "
                    + "were set. Both cannot be used at the same time.");
            }
            return assignedPartitions(topic);
        }
        if (rf != -1 && rf != 1) {
            throw new InvalidReplicationFactorException("Replication factor: " + rf
                + " larger than available brokers: 1.");
        }
        if (topic.numPartitions() == -1) {
            return topics.defaultPartitions();
        }
        if (topic.numPartitions() < 1) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0.");
        }
        return topic.numPartitions();
    }

    private int assignedPartitions(CreatableTopic topic) {
        Map<Integer, List<Integer>> byPartition = new HashMap<>();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            byPartition.put(assignment.partitionIndex(), assignment.brokerIds());
        }
        for (int p = 0; p < byPartition.size(); p++) {
            List<Integer> brokers = byPartition.get(p);
            if (brokers == null) {
                throw new InvalidReplicaAssignmentException("Partitions must be numbered 0 to "
                    + (byPartition.size() - 1) + "; partition " + p + " is missing");
            }
            if (!brokers.equals(List.of(nodeId))) {
                throw new InvalidReplicaAssignmentException("Partition " + p + " is assigned to " + brokers
                    + " but the only broker is " + nodeId);
            }
        }
        return byPartition.size();
    }

    private static CreatableTopicResult success(TopicMetadata topic, short version) {
        CreatableTopicResult result = new CreatableTopicResult().setName(topic.name());
        if (version >= 5) {
            result.setNumPartitions(topic.partitionCount()).setReplicationFactor((short) 1);
            for (LogConfig.Entry entry : topic.config().describe()) {
                result.configs().add(new CreatableTopicConfigs()
                    .setName(entry.name()).setValue(entry.value()).setReadOnly(false)
                    .setConfigSource(ConfigDescriptions.source(entry).id()).setIsSensitive(false));
            }
        }
        if (version >= 7) {
            result.setTopicId(topic.topicId());
        }
        return result;
    }

    private static CreatableTopicResult failure(String name, Throwable error, short version) {
        Errors code = ErrorMapper.toError(error, "topic " + name);
        CreatableTopicResult result = new CreatableTopicResult().setName(name).setErrorCode(code.code())
            .setErrorMessage(ErrorMapper.message(error, code));
        if (version >= 5) {
            result.setNumPartitions(-1).setReplicationFactor((short) -1);
        }
        return result;
    }
}
