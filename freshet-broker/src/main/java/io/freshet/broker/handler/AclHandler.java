package io.freshet.broker.handler;

import io.freshet.security.acl.AclStore;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What CreateAcls, DescribeAcls and DeleteAcls share, as Kafka answers them: the key's every version, the
 * operation on the cluster first (else CLUSTER_AUTHORIZATION_FAILED), then with no authorizer configured the
 * request's SECURITY_DISABLED answer; only with an {@link AclStore} does the handler's own logic run.
 */
abstract class AclHandler<Q extends ApiMessage, R extends ApiMessage> implements ApiHandler<Q, R> {

    private final ApiVersionRange versions;
    private final AclOperation operation;
    private final Optional<AclStore> store;
    private final Authorization authorization;

    AclHandler(ApiKeys key, AclOperation operation, Optional<AclStore> store, Authorization authorization) {
        this.versions = new ApiVersionRange(key, key.oldestVersion(), key.latestVersion());
        this.operation = operation;
        this.store = store;
        this.authorization = authorization;
    }

    @Override
    public final ApiVersionRange versions() {
        return versions;
    }

    @Override
    public final CompletableFuture<R> handle(RequestContext context, Q request) {
        authorization.requireCluster(context, operation);
        if (store.isEmpty()) {
            return CompletableFuture.completedFuture(securityDisabled(request));
        }
        return handle(store.get(), request);
    }

    /** The answer with no authorizer configured: SECURITY_DISABLED wherever the request's response puts errors. */
    abstract R securityDisabled(Q request);

    /** The request, authorized, against the store. */
    abstract CompletableFuture<R> handle(AclStore store, Q request);
}
