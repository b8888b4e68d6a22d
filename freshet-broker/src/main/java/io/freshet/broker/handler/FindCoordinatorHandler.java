package io.freshet.broker.handler;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator (key 10), versions 0-6: on one node this broker coordinates every group and every
 * transactional id.
 * <ul>
 *   <li>v0: group keys only; v1+: a key type (0 group, 1 transaction) and an error message.</li>
 *   <li>v3: flexible versions. v4+: many keys at once, one answer per key.</li>
 *   <li>v6: key type 2 (share groups, KIP-932) is not served yet: INVALID_REQUEST for it.</li>
 * </ul>
 * An empty group id is INVALID_REQUEST, as Kafka answers.
 */
final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData, FindCoordinatorResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.FIND_COORDINATOR, 0, 6);

    private final BrokerIdentity identity;
    private final Authorization authorization;

    FindCoordinatorHandler(BrokerIdentity identity, Authorization authorization) {
        this.identity = identity;
        this.authorization = authorization;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponseData> handle(RequestContext context,
                                                                 FindCoordinatorRequestData request) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() < 4) {
            Coordinator answer = answer(context, request.key(), request.keyType());
            return CompletableFuture.completedFuture(response.setErrorCode(answer.errorCode())
                .setErrorMessage(answer.errorMessage()).setNodeId(answer.nodeId()).setHost(answer.host())
                .setPort(answer.port()));
        }
        List<String> keys = request.coordinatorKeys();
        for (String key : keys) {
            response.coordinators().add(answer(context, key, request.keyType()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator answer(RequestContext context, String key, byte keyType) {
        Coordinator coordinator = new Coordinator().setKey(key);
        boolean knownType = keyType == CoordinatorType.GROUP.id() || keyType == CoordinatorType.TRANSACTION.id();
        if (!knownType || key == null || key.isEmpty()) {
            String why = !knownType ? "Unsupported coordinator key type " + keyType : "The key must not be empty";
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(why).setNodeId(-1)
                .setHost("").setPort(-1);
        }
        // As Kafka: DESCRIBE on the group or on the transactional id.
        boolean group = keyType == CoordinatorType.GROUP.id();
        if (!authorization.allowed(context, AclOperation.DESCRIBE,
            group ? ResourceType.GROUP : ResourceType.TRANSACTIONAL_ID, key)) {
            Errors denied = group ? Errors.GROUP_AUTHORIZATION_FAILED : Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            return coordinator.setErrorCode(denied.code()).setErrorMessage(denied.message()).setNodeId(-1)
                .setHost("").setPort(-1);
        }
        BrokerIdentity.Endpoint endpoint = identity.endpoint(context.connection().listenerName());
        return coordinator.setErrorCode(Errors.NONE.code()).setErrorMessage(null).setNodeId(identity.nodeId())
            .setHost(endpoint.host()).setPort(endpoint.port());
    }
}
