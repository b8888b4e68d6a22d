package io.freshet.broker.handler;

import io.freshet.security.acl.AclStore;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteAcls (key 31), versions 2-3, as Kafka answers it: ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED
 * for every filter), no authorizer SECURITY_DISABLED, otherwise per filter the stored ACLs it matched, now removed
 * (written durably before the answer). A filter with an UNKNOWN part is INVALID_REQUEST and removes nothing.
 */
final class DeleteAclsHandler extends AclHandler<DeleteAclsRequestData, DeleteAclsResponseData> {

    DeleteAclsHandler(Optional<AclStore> store, Authorization authorization) {
        super(ApiKeys.DELETE_ACLS, AclOperation.ALTER, store, authorization);
    }

    @Override
    DeleteAclsResponseData securityDisabled(DeleteAclsRequestData request) {
        DeleteAclsResponseData response = new DeleteAclsResponseData();
        request.filters().forEach(f -> response.filterResults().add(new DeleteAclsResponseData.DeleteAclsFilterResult()
            .setErrorCode(Errors.SECURITY_DISABLED.code()).setErrorMessage("No Authorizer is configured.")));
        return response;
    }

    @Override
    CompletableFuture<DeleteAclsResponseData> handle(AclStore store, DeleteAclsRequestData request) {
        List<AclBindingFilter> filters = request.filters().stream().map(DeleteAclsHandler::filter).toList();
        return store.delete(filters).thenApply(results -> new DeleteAclsResponseData()
            .setFilterResults(results.stream().map(DeleteAclsResponse::filterResult).toList()));
    }

    private static AclBindingFilter filter(DeleteAclsRequestData.DeleteAclsFilter f) {
        return new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.fromCode(f.resourceTypeFilter()), f.resourceNameFilter(),
                PatternType.fromCode(f.patternTypeFilter())),
            new AccessControlEntryFilter(f.principalFilter(), f.hostFilter(), AclOperation.fromCode(f.operation()),
                AclPermissionType.fromCode(f.permissionType())));
    }
}
