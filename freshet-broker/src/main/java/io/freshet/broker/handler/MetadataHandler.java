package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.metadata.TopicNames;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata (key 3), versions 0-12: the broker, the cluster id and the partitions of some or all topics.
 * <ul>
 *   <li>v1: null topics means all (v0: empty means all); controllerId, rack, isInternal.</li>
 *   <li>v2: clusterId.</li>
 *   <li>v3: throttleTimeMs.</li>
 *   <li>v4: allowAutoTopicCreation (always on before v4).</li>
 *   <li>v5: offlineReplicas.</li>
 *   <li>v6: same as v5.</li>
 *   <li>v7: leaderEpoch per partition.</li>
 *   <li>v8: authorized operations (cluster up to v10, topic from v8).</li>
 *   <li>v9: flexible versions.</li>
 *   <li>v10: topicId in request and response.</li>
 *   <li>v11: cluster authorized operations removed.</li>
 *   <li>v12: topic name nullable in the request (look up by id).</li>
 * </ul>
 *
 * <p>One broker leads every partition, with itself as the only replica and leader epoch 0. An unknown topic is
 * auto-created (when the request and the broker allow it) before the response is built, so the Java producer
 * sees its partitions on the first round trip.
 */
final class MetadataHandler implements ApiHandler<MetadataRequestData, MetadataResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.METADATA, 0, 12);

    private static final int LEADER_EPOCH = 0;

    private final TopicController topics;
    private final BrokerIdentity broker;
    private final Authorization authorization;

    MetadataHandler(TopicController topics, BrokerIdentity broker, Authorization authorization) {
        this.topics = topics;
        this.broker = broker;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        short version = context.apiVersion();
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            // As Kafka: topics the client may not DESCRIBE are simply left out of an all-topics answer.
            List<MetadataResponseTopic> all = new ArrayList<>();
            topics.image().topics().forEach(t -> {
                if (authorization.allowed(context, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                    all.add(topic(t, version));
                }
            });
            return CompletableFuture.completedFuture(response(context, request, all, version));
        }
        boolean autoCreate = version < 4 || request.allowAutoTopicCreation();
        List<CompletableFuture<MetadataResponseTopic>> results = new ArrayList<>();
        for (MetadataRequestData.MetadataRequestTopic requested : request.topics()) {
            results.add(lookup(context, requested, autoCreate, version));
        }
        return Futures.inOrder(results).thenApply(done -> response(context, request, done, version));
    }

    private CompletableFuture<MetadataResponseTopic> lookup(RequestContext context,
                                                            MetadataRequestData.MetadataRequestTopic requested,
                                                            boolean autoCreate, short version) {
        String name = requested.name();
        if (name == null && version >= 10) {
            Uuid id = requested.topicId();
            return CompletableFuture.completedFuture(topics.image().topic(id).map(t ->
                    authorization.allowed(context, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())
                        ? topic(t, version) : failed(null, id, Errors.TOPIC_AUTHORIZATION_FAILED, version))
                .orElseGet(() -> failed(null, id, Errors.UNKNOWN_TOPIC_ID, version)));
        }
        // As Kafka: a named topic the client may not DESCRIBE is TOPIC_AUTHORIZATION_FAILED whether it exists or
        // not (its existence is not disclosed), checked before the name's validity.
        if (!authorization.allowed(context, AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
            return CompletableFuture.completedFuture(failed(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED,
                version));
        }
        if (!TopicNames.isValid(name)) {
            return CompletableFuture.completedFuture(failed(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION,
                version));
        }
        var existing = topics.image().topic(name);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(topic(existing.get(), version));
        }
        if (autoCreate && topics.autoCreateEnabled() && !authorization.mayCreateTopic(context, name)) {
            return CompletableFuture.completedFuture(failed(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED,
                version));
        }
        if (!autoCreate) {
            return CompletableFuture.completedFuture(failed(name, Uuid.ZERO_UUID,
                Errors.UNKNOWN_TOPIC_OR_PARTITION, version));
        }
        return topics.autoCreate(name).handle((created, error) -> error == null ? topic(created, version)
            : failed(name, Uuid.ZERO_UUID, ErrorMapper.toError(error, "topic " + name), version));
    }

    private MetadataResponseData response(RequestContext context, MetadataRequestData request,
                                          List<MetadataResponseTopic> topicList, short version) {
        BrokerIdentity.Endpoint endpoint = broker.endpoint(context.connection().listenerName());
        MetadataResponseData response = new MetadataResponseData();
        if (version >= 8 && request.includeTopicAuthorizedOperations()) {
            for (MetadataResponseTopic topic : topicList) {
                if (topic.errorCode() == Errors.NONE.code()) {
                    topic.setTopicAuthorizedOperations(
                        authorization.authorizedOperations(context, ResourceType.TOPIC, topic.name()));
                }
            }
        }
        if (version >= 8 && version <= 10 && request.includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(
                authorization.allowedOnCluster(context, AclOperation.DESCRIBE)
                    ? authorization.authorizedOperations(context, ResourceType.CLUSTER, Authorization.CLUSTER_NAME)
                    : 0);
        }
        response.brokers().add(new MetadataResponseBroker()
            .setNodeId(broker.nodeId()).setHost(endpoint.host()).setPort(endpoint.port()));
        if (version >= 1) {
            response.setControllerId(broker.nodeId());
        }
        if (version >= 2) {
            response.setClusterId(broker.clusterId());
        }
        topicList.forEach(t -> response.topics().add(t));
        return response;
    }

    private MetadataResponseTopic topic(TopicMetadata topic, short version) {
        MetadataResponseTopic result = new MetadataResponseTopic().setName(topic.name());
        if (version >= 10) {
            result.setTopicId(topic.topicId());
        }
        for (int p = 0; p < topic.partitionCount(); p++) {
            MetadataResponsePartition partition = new MetadataResponsePartition()
                .setPartitionIndex(p)
                .setLeaderId(broker.nodeId())
                .setReplicaNodes(List.of(broker.nodeId()))
                .setIsrNodes(List.of(broker.nodeId()));
            if (version >= 7) {
                partition.setLeaderEpoch(LEADER_EPOCH);
            }
            result.partitions().add(partition);
        }
        return result;
    }

    private static MetadataResponseTopic failed(String name, Uuid id, Errors error, short version) {
        MetadataResponseTopic topic = new MetadataResponseTopic().setName(name).setErrorCode(error.code());
        if (version >= 10) {
            topic.setTopicId(id);
        }
        return topic;
    }
}
