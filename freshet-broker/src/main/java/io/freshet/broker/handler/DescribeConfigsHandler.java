package io.freshet.broker.handler;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.ReportedConfigs;
import io.freshet.broker.metadata.GroupConfigs;
import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.metadata.TopicNames;
import io.freshet.storage.log.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs (key 32), versions 1-4: every config of topics, groups and the broker.
 * <ul>
 *   <li>v1: includeSynonyms; configSource replaces isDefault; synonyms in the response.</li>
 *   <li>v2: same as v1.</li>
 *   <li>v3: includeDocumentation; configType and documentation in the response.</li>
 *   <li>v4: flexible versions.</li>
 * </ul>
 * A TOPIC resource lists every topic key with its effective value and source: TOPIC_CONFIG for an override,
 * STATIC_BROKER_CONFIG for a value from the broker's {@code log.*} settings, DEFAULT_CONFIG otherwise (librdkafka's
 * tests expect defaults to be listed). A BROKER resource (this node's id, or empty) lists the broker's keys, all
 * read-only since broker configs are static. A GROUP resource lists the group configs Freshet knows (share groups'
 * and Freshet's release backoff): GROUP_CONFIG for a value set on the group, DEFAULT_CONFIG otherwise, for any group
 * id as Kafka does. Other resource types get INVALID_REQUEST. The broker's keys carry what the running process
 * reports ({@link ReportedConfigs}: the bound listeners, {@code freshet.version}) in place of the configured values.
 */
final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData, DescribeConfigsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.DESCRIBE_CONFIGS, 1, 4);

    private final TopicController topics;
    private final BrokerConfig brokerConfig;
    private final GroupConfigs groupConfigs;
    private final ReportedConfigs reported;
    private final Authorization authorization;

    DescribeConfigsHandler(TopicController topics, BrokerConfig brokerConfig, GroupConfigs groupConfigs,
                           ReportedConfigs reported, Authorization authorization) {
        this.authorization = authorization;
        this.topics = topics;
        this.brokerConfig = brokerConfig;
        this.groupConfigs = groupConfigs;
        this.reported = reported;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<DescribeConfigsResponseData> handle(RequestContext context,
                                                                 DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            try {
                authorization.requireConfigs(context, org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS,
                    resource.resourceType(), resource.resourceName());
                describe(resource, request, context.apiVersion(), result);
            } catch (RuntimeException e) {
                Errors error = ErrorMapper.toError(e, "config resource " + resource.resourceName());
                result.setErrorCode(error.code()).setErrorMessage(ErrorMapper.message(e, error))
                    .configs().clear();
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void describe(DescribeConfigsResource resource, DescribeConfigsRequestData request, short version,
                          DescribeConfigsResult result) {
        // Null or empty both mean every key, as in Kafka's ConfigHelper.
        Set<String> keys = resource.configurationKeys() == null || resource.configurationKeys().isEmpty() ? null
            : new HashSet<>(resource.configurationKeys());
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        if (type == ConfigResource.Type.TOPIC) {
            String name = resource.resourceName();
            TopicNames.validate(name);
            TopicMetadata topic = topics.image().topic(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Topic " + name + " does not exist"));
            for (LogConfig.Entry entry : topic.config().describe()) {
                if (keys == null || keys.contains(entry.name())) {
                    result.configs().add(entry(entry.name(), entry.value(), ConfigDescriptions.source(entry), false,
                        entry.type(), entry.documentation(), request, version));
                }
            }
        } else if (type == ConfigResource.Type.BROKER) {
            String name = resource.resourceName();
            if (!name.isEmpty() && !name.equals(Integer.toString(brokerConfig.nodeId()))) {
                throw new InvalidRequestException("Unknown broker " + name + "; this is broker "
                    + brokerConfig.nodeId());
            }
            for (BrokerConfig.BrokerConfigEntry entry : brokerEntries()) {
                if (keys == null || keys.contains(entry.name())) {
                    ConfigSource source = entry.isDefault() ? ConfigSource.DEFAULT_CONFIG
                        : ConfigSource.STATIC_BROKER_CONFIG;
                    result.configs().add(entry(entry.name(), entry.value(), source, true, ConfigDef.Type.STRING,
                        entry.documentation(), request, version));
                }
            }
        } else if (type == ConfigResource.Type.GROUP) {
            // Any group id, existing or not, has the group configs (the defaults), as in Kafka.
            for (GroupConfigs.Entry entry : groupConfigs.describe(resource.resourceName())) {
                if (keys == null || keys.contains(entry.name())) {
                    ConfigSource source = entry.overridden() ? ConfigSource.GROUP_CONFIG : ConfigSource.DEFAULT_CONFIG;
                    result.configs().add(entry(entry.name(), entry.value(), source, false, entry.def().type(),
                        entry.def().documentation(), request, version));
                }
            }
        } else {
            throw new InvalidRequestException("Config resource type " + type + " is not supported");
        }
    }

    /** The configured keys, with the values the process reports about itself in their place (bound ports). */
    private List<BrokerConfig.BrokerConfigEntry> brokerEntries() {
        Map<String, String> reportedValues = reported.values();
        List<BrokerConfig.BrokerConfigEntry> entries = new ArrayList<>();
        for (BrokerConfig.BrokerConfigEntry entry : brokerConfig.describe()) {
            String value = reportedValues.remove(entry.name());
            entries.add(value == null ? entry
                : new BrokerConfig.BrokerConfigEntry(entry.name(), value, entry.isDefault(), entry.documentation()));
        }
        reportedValues.forEach((name, value) -> entries.add(new BrokerConfig.BrokerConfigEntry(name, value, true,
            "Reported by the running broker (read-only).")));
        return entries;
    }

    private static DescribeConfigsResourceResult entry(String name, String value, ConfigSource source,
                                                       boolean readOnly, ConfigDef.Type type, String doc,
                                                       DescribeConfigsRequestData request, short version) {
        DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
            .setName(name).setValue(value).setReadOnly(readOnly).setConfigSource(source.id()).setIsSensitive(false);
        if (request.includeSynonyms()) {
            result.setSynonyms(List.of(new DescribeConfigsSynonym().setName(name).setValue(value)
                .setSource(source.id())));
        }
        if (version >= 3) {
            result.setConfigType(ConfigDescriptions.type(type).id());
            if (request.includeDocumentation()) {
                result.setDocumentation(doc);
            }
        }
        return result;
    }
}
