package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs (key 33), versions 0-2: replaces the whole set of a topic's overrides (keys not named revert to
 * their defaults), as Kafka's legacy API does.
 * <ul>
 *   <li>v1: same as v0.</li>
 *   <li>v2: flexible versions.</li>
 * </ul>
 * validateOnly checks without applying. Applied overrides are persisted and pushed to the live logs. Broker
 * configs are static (INVALID_REQUEST); other resource types are not supported.
 */
final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequestData, AlterConfigsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.ALTER_CONFIGS, 0, 2);

    private final TopicController topics;
    private final Authorization authorization;

    AlterConfigsHandler(TopicController topics, Authorization authorization) {
        this.authorization = authorization;
        this.topics = topics;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<AlterConfigsResponseData> handle(RequestContext context,
                                                              AlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            results.add(alter(context, resource, request.validateOnly()));
        }
        return Futures.inOrder(results).thenApply(done -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData();
            response.responses().addAll(done);
            return response;
        });
    }

    private CompletableFuture<AlterConfigsResourceResponse> alter(RequestContext context,
                                                                  AlterConfigsResource resource,
                                                                  boolean validateOnly) {
        CompletableFuture<?> altered;
        try {
            authorization.requireConfigs(context, org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS,
                resource.resourceType(), resource.resourceName());
            checkTopicResource(resource.resourceType());
            Map<String, String> overrides = new TreeMap<>();
            for (AlterConfigsRequestData.AlterableConfig config : resource.configs()) {
                if (config.value() == null) {
                    throw new InvalidConfigurationException("Null value for topic config " + config.name());
                }
                overrides.put(config.name(), config.value());
            }
            altered = topics.alterConfigs(resource.resourceName(), current -> overrides, validateOnly);
        } catch (RuntimeException e) {
            altered = CompletableFuture.failedFuture(e);
        }
        return altered.handle((ignored, error) -> {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            if (error != null) {
                Errors code = ErrorMapper.toError(error, "topic " + resource.resourceName());
                result.setErrorCode(code.code()).setErrorMessage(ErrorMapper.message(error, code));
            }
            return result;
        });
    }

    static void checkTopicResource(byte resourceType) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        if (type == ConfigResource.Type.BROKER) {
            throw new InvalidRequestException("Freshet broker configs are static: change the server properties "
                + "and restart");
        }
        if (type != ConfigResource.Type.TOPIC) {
            throw new InvalidRequestException("Config resource type " + type + " is not supported");
        }
    }
}
