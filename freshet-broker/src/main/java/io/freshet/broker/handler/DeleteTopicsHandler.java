package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics (key 20), versions 1-6.
 * <ul>
 *   <li>v1: throttleTimeMs.</li>
 *   <li>v2, v3: same as v1.</li>
 *   <li>v4: flexible versions.</li>
 *   <li>v5: errorMessage per topic.</li>
 *   <li>v6: topics by name or by id ({@code topics} replaces {@code topicNames}); topicId in the response.</li>
 * </ul>
 * The topic leaves the catalog first (persisted), then its logs are deleted; readers stop seeing it at once.
 */
final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.DELETE_TOPICS, 1, 6);

    private final TopicController topics;
    private final Authorization authorization;

    DeleteTopicsHandler(TopicController topics, Authorization authorization) {
        this.topics = topics;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(RequestContext context,
                                                              DeleteTopicsRequestData request) {
        short version = context.apiVersion();
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        if (version >= 6) {
            for (DeleteTopicsRequestData.DeleteTopicState state : request.topics()) {
                results.add(delete(context, state.name(), state.topicId(), version));
            }
        } else {
            for (String name : request.topicNames()) {
                results.add(delete(context, name, Uuid.ZERO_UUID, version));
            }
        }
        return Futures.inOrder(results).thenApply(done -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            response.responses().addAll(done);
            return response;
        });
    }

    private CompletableFuture<DeletableTopicResult> delete(RequestContext context, String name, Uuid id,
                                                           short version) {
        boolean byId = id != null && !Uuid.ZERO_UUID.equals(id);
        CompletableFuture<TopicMetadata> deleted;
        // As Kafka: DELETE on the topic; a topic named by id also needs DESCRIBE, else its name stays hidden.
        String target = byId ? topics.image().topic(id).map(TopicMetadata::name).orElse(null) : name;
        if (byId && name != null) {
            deleted = CompletableFuture.failedFuture(
                new InvalidRequestException("Give a topic name or a topic id, not both"));
        } else if (target != null && (byId && !authorization.allowed(context, AclOperation.DESCRIBE,
            ResourceType.TOPIC, target) || !authorization.allowed(context, AclOperation.DELETE, ResourceType.TOPIC,
            target))) {
            deleted = CompletableFuture.failedFuture(new TopicAuthorizationException("Authorization failed."));
        } else {
            deleted = byId ? topics.deleteTopic(id) : topics.deleteTopic(name);
        }
        return deleted.handle((topic, error) -> {
            DeletableTopicResult result = new DeletableTopicResult().setName(topic != null ? topic.name() : name);
            if (version >= 6) {
                result.setTopicId(topic != null ? topic.topicId() : id);
            }
            if (error != null) {
                Errors code = ErrorMapper.toError(error, "topic " + (byId ? id : name));
                result.setErrorCode(code.code());
                if (version >= 5) {
                    result.setErrorMessage(ErrorMapper.message(error, code));
                }
            }
            return result;
        });
    }
}
