package io.freshet.broker.handler;

import io.freshet.security.acl.AclStore;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeAcls (key 29), versions 2-3, as Kafka answers it: DESCRIBE on the cluster (else
 * CLUSTER_AUTHORIZATION_FAILED), no authorizer SECURITY_DISABLED, otherwise the stored ACLs the filter matches
 * (Kafka's {@link AclBindingFilter#matches}: MATCH finds the literal, wildcard and prefixed patterns that apply to a
 * name; ANY every pattern type). A filter with an UNKNOWN part is INVALID_REQUEST.
 */
final class DescribeAclsHandler extends AclHandler<DescribeAclsRequestData, DescribeAclsResponseData> {

    DescribeAclsHandler(Optional<AclStore> store, Authorization authorization) {
        super(ApiKeys.DESCRIBE_ACLS, AclOperation.DESCRIBE, store, authorization);
    }

    @Override
    DescribeAclsResponseData securityDisabled(DescribeAclsRequestData request) {
        return new DescribeAclsResponseData()
            .setErrorCode(Errors.SECURITY_DISABLED.code()).setErrorMessage("No Authorizer is configured on the broker");
    }

    @Override
    CompletableFuture<DescribeAclsResponseData> handle(AclStore store, DescribeAclsRequestData request) {
        AclBindingFilter filter = new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.fromCode(request.resourceTypeFilter()),
                request.resourceNameFilter(), PatternType.fromCode(request.patternTypeFilter())),
            new AccessControlEntryFilter(request.principalFilter(), request.hostFilter(),
                AclOperation.fromCode(request.operation()), AclPermissionType.fromCode(request.permissionType())));
        if (filter.isUnknown()) {
            return CompletableFuture.completedFuture(new DescribeAclsResponseData()
                .setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("The filter has an unknown part: "
                    + filter));
        }
        return CompletableFuture.completedFuture(new DescribeAclsResponseData()
            .setResources(DescribeAclsResponse.aclsResources(store.describe(filter))));
    }
}
