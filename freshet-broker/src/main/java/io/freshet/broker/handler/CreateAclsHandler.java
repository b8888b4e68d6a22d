package io.freshet.broker.handler;

import io.freshet.security.acl.AclStore;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * CreateAcls (key 30), the versions kafka-clients 4.4 sends (2-3; v2 adds PREFIXED patterns' names, v3 flexible
 * versions), as Kafka answers it: ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED for every ACL), no
 * authorizer configured SECURITY_DISABLED, each ACL stored or refused alone (INVALID_REQUEST: a MATCH / ANY /
 * UNKNOWN pattern, an unknown resource type or operation, an empty name, a cluster not named kafka-cluster). The
 * answer waits for the {@link AclStore} to write them durably.
 */
final class CreateAclsHandler extends AclHandler<CreateAclsRequestData, CreateAclsResponseData> {

    CreateAclsHandler(Optional<AclStore> store, Authorization authorization) {
        super(ApiKeys.CREATE_ACLS, AclOperation.ALTER, store, authorization);
    }

    @Override
    CreateAclsResponseData securityDisabled(CreateAclsRequestData request) {
        return everyCreation(request, Errors.SECURITY_DISABLED, "No Authorizer is configured.");
    }

    @Override
    CompletableFuture<CreateAclsResponseData> handle(AclStore store, CreateAclsRequestData request) {
        // Bindings that cannot even be built (a MATCH or ANY pattern) fail alone; the rest go to the store.
        List<AclBinding> valid = new ArrayList<>();
        List<Object> slots = new ArrayList<>(); // per creation: an Integer index into valid, or the error
        for (CreateAclsRequestData.AclCreation creation : request.creations()) {
            try {
                valid.add(CreateAclsRequest.aclBinding(creation));
                slots.add(valid.size() - 1);
            } catch (IllegalArgumentException e) {
                slots.add(new InvalidRequestException(e.getMessage()));
            }
        }
        return store.create(valid).thenApply(results -> {
            CreateAclsResponseData response = new CreateAclsResponseData();
            for (Object slot : slots) {
                AclCreationResult result = new AclCreationResult();
                Throwable error = slot instanceof Integer i
                    ? results.get(i).exception().map(Throwable.class::cast).orElse(null) : (Throwable) slot;
                if (error != null) {
                    Errors code = ErrorMapper.toError(error, "ACL");
                    result.setErrorCode(code.code()).setErrorMessage(ErrorMapper.message(error, code));
                }
                response.results().add(result);
            }
            return response;
        });
    }

    private static CreateAclsResponseData everyCreation(CreateAclsRequestData request, Errors error, String message) {
        CreateAclsResponseData response = new CreateAclsResponseData();
        request.creations().forEach(c -> response.results().add(new AclCreationResult()
            .setErrorCode(error.code()).setErrorMessage(message)));
        return response;
    }

}
