package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.log.LogConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (key 44), versions 0-1: changes some of a topic's overrides.
 * <ul>
 *   <li>v1: flexible versions.</li>
 * </ul>
 * Operations: SET a value, DELETE an override (back to the default), APPEND to / SUBTRACT from a list-typed
 * config ({@code cleanup.policy}, ...), starting from its effective value when not overridden, as Kafka does.
 * A key named twice in one resource is INVALID_REQUEST; a bad value is INVALID_CONFIG. validateOnly checks
 * without applying. Broker configs are static (INVALID_REQUEST).
 */
final class IncrementalAlterConfigsHandler
    implements ApiHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);

    private final TopicController topics;

    IncrementalAlterConfigsHandler(TopicController topics) {
        this.topics = topics;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<IncrementalAlterConfigsResponseData> handle(RequestContext context,
                                                                         IncrementalAlterConfigsRequestData request) {
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            results.add(alter(resource, request.validateOnly()));
        }
        return Futures.inOrder(results).thenApply(done -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
            response.responses().addAll(done);
            return response;
        });
    }

    private CompletableFuture<AlterConfigsResourceResponse> alter(AlterConfigsResource resource,
                                                                  boolean validateOnly) {
        CompletableFuture<?> altered;
        try {
            AlterConfigsHandler.checkTopicResource(resource.resourceType());
            Set<String> names = new HashSet<>();
            for (AlterableConfig config : resource.configs()) {
                if (!names.add(config.name())) {
                    throw new InvalidRequestException("Config " + config.name() + " is named more than once");
                }
            }
            altered = topics.alterConfigs(resource.resourceName(), current -> apply(current, resource), validateOnly);
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

    /** The new overrides; runs on the topic controller thread with the topic's current overrides. */
    private Map<String, String> apply(Map<String, String> current, AlterConfigsResource resource) {
        Map<String, String> next = new TreeMap<>(current);
        Map<String, LogConfig.Entry> effective = new TreeMap<>();
        topics.logDefaults().withOverrides(current).describe().forEach(e -> effective.put(e.name(), e));
        for (AlterableConfig config : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
            if (op == null) {
                throw new InvalidRequestException("Unknown config operation " + config.configOperation());
            }
            LogConfig.Entry entry = effective.get(config.name());
            switch (op) {
                case SET -> next.put(config.name(), config.value());
                case DELETE -> next.remove(config.name());
                case APPEND, SUBTRACT -> next.put(config.name(), listOp(op, entry, config));
                default -> throw new InvalidRequestException("Unknown config operation " + op);
            }
        }
        return next;
    }

    private static String listOp(AlterConfigOp.OpType op, LogConfig.Entry entry, AlterableConfig config) {
        if (entry == null) {
            throw new InvalidConfigurationException("Unknown topic config name: " + config.name());
        }
        if (!ConfigDescriptions.isList(entry)) {
            throw new InvalidConfigurationException("Config " + config.name() + " is not a list; "
                + op + " applies only to list configs");
        }
        Set<String> values = new LinkedHashSet<>(split(entry.value()));
        List<String> change = split(config.value());
        if (op == AlterConfigOp.OpType.APPEND) {
            values.addAll(change);
        } else {
            change.forEach(values::remove);
        }
        return String.join(",", values);
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
