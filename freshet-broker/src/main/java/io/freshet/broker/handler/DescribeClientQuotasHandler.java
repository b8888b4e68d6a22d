package io.freshet.broker.handler;

import io.freshet.security.quota.QuotaStore;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData.ComponentData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntryData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.ValueData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeClientQuotas ({@code kafka-configs.sh --describe --entity-type users|clients}): the stored quotas of the
 * entities the filter selects. Needs DESCRIBE_CONFIGS on the cluster. A malformed filter is refused as Kafka refuses
 * it: INVALID_REQUEST for a repeated type or a match string that contradicts its match type, UNSUPPORTED_VERSION for
 * an unknown entity type or match type.
 */
final class DescribeClientQuotasHandler
    implements ApiHandler<DescribeClientQuotasRequestData, DescribeClientQuotasResponseData> {

    private final QuotaStore store;
    private final Authorization auth;

    DescribeClientQuotasHandler(QuotaStore store, Authorization auth) {
        this.store = store;
        this.auth = auth;
    }

    @Override
    public ApiVersionRange versions() {
        return new ApiVersionRange(ApiKeys.DESCRIBE_CLIENT_QUOTAS, 0, 1);
    }

    @Override
    public CompletableFuture<DescribeClientQuotasResponseData> handle(RequestContext context,
                                                                      DescribeClientQuotasRequestData request) {
        if (!auth.allowedOnCluster(context, AclOperation.DESCRIBE_CONFIGS)) {
            return CompletableFuture.completedFuture(error(new ClusterAuthorizationException(
                "Cluster authorization failed.")));
        }
        ClientQuotaFilter filter;
        try {
            filter = filter(request);
        } catch (InvalidRequestException | UnsupportedVersionException e) {
            return CompletableFuture.completedFuture(error(e));
        }
        DescribeClientQuotasResponseData response = new DescribeClientQuotasResponseData().setEntries(new ArrayList<>());
        for (Map.Entry<ClientQuotaEntity, Map<String, Double>> found : store.snapshot().describe(filter).entrySet()) {
            List<EntityData> entity = new ArrayList<>();
            found.getKey().entries().forEach((type, name) ->
                entity.add(new EntityData().setEntityType(type).setEntityName(name)));
            List<ValueData> values = new ArrayList<>();
            found.getValue().forEach((key, value) -> values.add(new ValueData().setKey(key).setValue(value)));
            response.entries().add(new EntryData().setEntity(entity).setValues(values));
        }
        return CompletableFuture.completedFuture(response);
    }

    private static DescribeClientQuotasResponseData error(RuntimeException e) {
        Errors error = Errors.forException(e);
        return new DescribeClientQuotasResponseData().setErrorCode(error.code()).setErrorMessage(e.getMessage())
            .setEntries(null);
    }

    private static ClientQuotaFilter filter(DescribeClientQuotasRequestData request) {
        Set<String> types = new HashSet<>();
        List<ClientQuotaFilterComponent> components = new ArrayList<>();
        for (ComponentData component : request.components()) {
            String type = component.entityType();
            if (type == null || type.isEmpty()) {
                throw new InvalidRequestException("Invalid empty entity type.");
            }
            if (!types.add(type)) {
                throw new InvalidRequestException("Entity type " + type + " cannot appear more than once in the filter.");
            }
            if (!ClientQuotaEntity.isValidEntityType(type)) {
                throw new UnsupportedVersionException("Unsupported entity type " + type);
            }
            switch (component.matchType()) {
                case DescribeClientQuotasRequest.MATCH_TYPE_EXACT -> {
                    if (component.match() == null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_EXACT, but set match string "
                            + "to null.");
                    }
                    components.add(ClientQuotaFilterComponent.ofEntity(type, component.match()));
                }
                case DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT -> {
                    if (component.match() != null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_DEFAULT, but also specified "
                            + "a match string.");
                    }
                    components.add(ClientQuotaFilterComponent.ofDefaultEntity(type));
                }
                case DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED -> {
                    if (component.match() != null) {
                        throw new InvalidRequestException("Request specified MATCH_TYPE_SPECIFIED, but also "
                            + "specified a match string.");
                    }
                    components.add(ClientQuotaFilterComponent.ofEntityType(type));
                }
                default -> throw new UnsupportedVersionException("Unknown match type " + component.matchType());
            }
        }
        if (types.contains(ClientQuotaEntity.IP)
            && (types.contains(ClientQuotaEntity.USER) || types.contains(ClientQuotaEntity.CLIENT_ID))) {
            throw new InvalidRequestException("Invalid entity filter component combination. IP filter component "
                + "should not be used with user or clientId filter component.");
        }
        return request.strict() ? ClientQuotaFilter.containsOnly(components) : ClientQuotaFilter.contains(components);
    }
}
