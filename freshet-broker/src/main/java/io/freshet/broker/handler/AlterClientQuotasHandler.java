package io.freshet.broker.handler;

import io.freshet.security.quota.QuotaStore;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterClientQuotas ({@code kafka-configs.sh --alter --add-config|--delete-config --entity-type users|clients}):
 * sets or removes quota keys per entity, each entity answered on its own. Needs ALTER_CONFIGS on the cluster
 * (otherwise every entity gets CLUSTER_AUTHORIZATION_FAILED, as in Kafka). Validation and storage are the store's
 * (its writer thread, then an fsync), so the response completes off the event loop.
 */
final class AlterClientQuotasHandler
    implements ApiHandler<AlterClientQuotasRequestData, AlterClientQuotasResponseData> {

    private final QuotaStore store;
    private final Authorization auth;

    AlterClientQuotasHandler(QuotaStore store, Authorization auth) {
        this.store = store;
        this.auth = auth;
    }

    @Override
    public ApiVersionRange versions() {
        return new ApiVersionRange(ApiKeys.ALTER_CLIENT_QUOTAS, 0, 1);
    }

    @Override
    public CompletableFuture<AlterClientQuotasResponseData> handle(RequestContext context,
                                                                   AlterClientQuotasRequestData request) {
        List<ClientQuotaAlteration> alterations = new ArrayList<>();
        List<ClientQuotaEntity> order = new ArrayList<>();
        Map<Integer, String> duplicates = new HashMap<>();
        for (AlterClientQuotasRequestData.EntryData entry : request.entries()) {
            Map<String, String> names = new HashMap<>();
            for (AlterClientQuotasRequestData.EntityData e : entry.entity()) {
                if (names.containsKey(e.entityType())) {
                    duplicates.put(order.size(), "Invalid client quota entity, duplicate entity entry "
                        + e.entityType());
                }
                names.put(e.entityType(), e.entityName());
            }
            List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
            entry.ops().forEach(op -> ops.add(new ClientQuotaAlteration.Op(op.key(), op.remove() ? null : op.value())));
            ClientQuotaEntity entity = new ClientQuotaEntity(names);
            order.add(entity);
            if (!duplicates.containsKey(order.size() - 1)) {
                alterations.add(new ClientQuotaAlteration(entity, ops));
            }
        }
        if (!auth.allowedOnCluster(context, AclOperation.ALTER_CONFIGS)) {
            AlterClientQuotasResponseData denied = new AlterClientQuotasResponseData();
            for (AlterClientQuotasRequestData.EntryData entry : request.entries()) {
                denied.entries().add(entry(entry, Errors.CLUSTER_AUTHORIZATION_FAILED, null));
            }
            return CompletableFuture.completedFuture(denied);
        }
        return store.alter(alterations, request.validateOnly()).thenApply(outcomes -> {
            AlterClientQuotasResponseData response = new AlterClientQuotasResponseData();
            for (int i = 0; i < order.size(); i++) {
                QuotaStore.Outcome outcome = duplicates.containsKey(i)
                    ? new QuotaStore.Outcome(Errors.INVALID_REQUEST, duplicates.get(i)) : outcomes.get(order.get(i));
                response.entries().add(entry(request.entries().get(i), outcome.error(), outcome.message()));
            }
            return response;
        });
    }

    private static AlterClientQuotasResponseData.EntryData entry(AlterClientQuotasRequestData.EntryData request,
                                                                 Errors error, String message) {
        List<AlterClientQuotasResponseData.EntityData> entity = new ArrayList<>();
        request.entity().forEach(e -> entity.add(new AlterClientQuotasResponseData.EntityData()
            .setEntityType(e.entityType()).setEntityName(e.entityName())));
        return new AlterClientQuotasResponseData.EntryData().setErrorCode(error.code())
            .setErrorMessage(error == Errors.NONE ? null : message == null ? error.message() : message)
            .setEntity(entity);
    }
}
