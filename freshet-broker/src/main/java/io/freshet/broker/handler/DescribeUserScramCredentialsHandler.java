package io.freshet.broker.handler;

import io.freshet.security.Security;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramCredential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeUserScramCredentials (key 50), version 0: each user's mechanisms and iterations (never a key). No users
 * named (null or empty) means every user; a named user without credentials is RESOURCE_NOT_FOUND, one named twice
 * DUPLICATE_RESOURCE, with the messages of Kafka's ScramImage. DESCRIBE on the cluster, else
 * CLUSTER_AUTHORIZATION_FAILED. Reads the store's snapshot on the event loop.
 */
final class DescribeUserScramCredentialsHandler
    implements ApiHandler<DescribeUserScramCredentialsRequestData, DescribeUserScramCredentialsResponseData> {

    private static final ApiVersionRange VERSIONS =
        new ApiVersionRange(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0, 0);

    private final Security security;

    DescribeUserScramCredentialsHandler(Security security) {
        this.security = security;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<DescribeUserScramCredentialsResponseData> handle(
        RequestContext context, DescribeUserScramCredentialsRequestData request) {
        DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData();
        if (!Authorization.of(security).allowedOnCluster(context, AclOperation.DESCRIBE)) {
            Errors denied = Errors.CLUSTER_AUTHORIZATION_FAILED;
            response.setErrorCode(denied.code()).setErrorMessage(denied.message());
            if (request.users() != null) {
                request.users().forEach(u -> response.results().add(new DescribeUserScramCredentialsResult()
                    .setUser(u.name()).setErrorCode(denied.code()).setErrorMessage(denied.message())));
            }
            return CompletableFuture.completedFuture(response);
        }
        Map<String, Map<org.apache.kafka.common.security.scram.internals.ScramMechanism, ScramCredential>> users =
            security.sasl().credentials().users();
        Map<String, Boolean> named = new LinkedHashMap<>(); // user -> named more than once
        if (request.users() == null || request.users().isEmpty()) {
            users.keySet().forEach(user -> named.put(user, false));
        } else {
            request.users().forEach(u -> named.merge(u.name(), false, (a, b) -> true));
        }
        named.forEach((user, twice) -> {
            DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
            var creds = users.get(user);
            if (twice) {
                result.setErrorCode(Errors.DUPLICATE_RESOURCE.code()).setErrorMessage(
                    "Cannot describe SCRAM credentials for the same user twice in a single request: " + user);
            } else if (creds == null) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                    .setErrorMessage("Attempt to describe a user credential that does not exist: " + user);
            } else {
                List<CredentialInfo> infos = new ArrayList<>();
                creds.forEach((mechanism, credential) -> infos.add(new CredentialInfo()
                    .setMechanism(ScramMechanism.fromMechanismName(mechanism.mechanismName()).type())
                    .setIterations(credential.iterations())));
                result.setCredentialInfos(infos);
            }
            response.results().add(result);
        });
        return CompletableFuture.completedFuture(response);
    }
}
