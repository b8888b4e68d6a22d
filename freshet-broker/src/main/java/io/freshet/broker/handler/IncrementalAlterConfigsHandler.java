package io.freshet.broker.handler;

import io.freshet.broker.metadata.GroupConfigs;
import io.freshet.broker.metadata.TopicController;
import io.freshet.storage.log.LogConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
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
 * IncrementalAlterConfigs (key 44), versions 0-1: changes some of a topic's or a group's overrides.
 * <ul>
 *   <li>v1: flexible versions.</li>
 * </ul>
 * Operations: SET a value, DELETE an override (back to the default), APPEND to / SUBTRACT from a list-typed
 * config ({@code cleanup.policy}, ...), starting from its effective value when not overridden, as Kafka does.
 * A key named twice in one resource is INVALID_REQUEST; a bad value is INVALID_CONFIG. validateOnly checks
 * without applying. Broker configs are static (INVALID_REQUEST). A GROUP resource (KIP-848/932 group configs): SET or
 * DELETE the configs {@code GroupConfigs} knows, each checked against the broker's bounds with Kafka's messages
 * ("share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive."), persisted in the data
 * directory; the group need not exist.
 */
final class IncrementalAlterConfigsHandler
    implements ApiHandler<IncrementalAlterConfigsRequestData, IncrementalAlterConfigsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);

    private final TopicController topics;
    private final GroupConfigs groupConfigs;
    private final Authorization authorization;

    IncrementalAlterConfigsHandler(TopicController topics, GroupConfigs groupConfigs,
                                   Authorization authorization) {
        this.authorization = authorization;
        this.topics = topics;
        this.groupConfigs = groupConfigs;
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
            results.add(alter(context, resource, request.validateOnly()));
        }
        return Futures.inOrder(results).thenApply(done -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
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
            boolean group = resource.resourceType() == ConfigResource.Type.GROUP.id();
            if (!group) {
                AlterConfigsHandler.checkTopicResource(resource.resourceType());
            }
            Set<String> names = new HashSet<>();
            for (AlterableConfig config : resource.configs()) {
                if (!names.add(config.name())) {
                    throw new InvalidRequestException("Config " + config.name() + " is named more than once");
                }
            }
            if (group) {
                // On the topic controller's thread: group config changes are rare and fsync a small file.
                altered = topics.submit(() -> {
                    groupConfigs.alter(resource.resourceName(), current -> applyToGroup(current, resource),
                        validateOnly);
                    return null;
                });
            } else {
                altered = topics.alterConfigs(resource.resourceName(), current -> apply(current, resource),
                    validateOnly);
            }
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

    /** A group's new overrides: SET and DELETE (group configs have no list type, so APPEND/SUBTRACT are refused). */
    private Map<String, String> applyToGroup(Map<String, String> current, AlterConfigsResource resource) {
        Map<String, String> next = new TreeMap<>(current);
        for (AlterableConfig config : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
            groupConfigs.defs().get(config.name()).orElseThrow(() ->
                new InvalidConfigurationException("Unknown group config name: " + config.name()));
            if (op == AlterConfigOp.OpType.SET) {
                next.put(config.name(), config.value());
            } else if (op == AlterConfigOp.OpType.DELETE) {
                next.remove(config.name());
            } else {
                throw new InvalidConfigurationException("Config " + config.name() + " is not a list; "
                    + op + " applies only to list configs");
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
