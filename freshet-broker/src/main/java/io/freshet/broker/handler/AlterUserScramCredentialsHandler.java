package io.freshet.broker.handler;

import io.freshet.security.Security;
import io.freshet.security.sasl.ScramCredentialStore;
import io.freshet.security.sasl.ScramCredentials;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterUserScramCredentials (key 51), version 0: adds, replaces or deletes users' SCRAM credentials
 * ({@code kafka-configs.sh --alter --add-config 'SCRAM-SHA-256=[password=...]' --entity-type users},
 * {@code freshet users}). The client sends the salt and the salted password; the broker keeps only the stored and
 * server keys. Kafka's rules (its controller's ScramControlManager): ALTER on the cluster, else
 * CLUSTER_AUTHORIZATION_FAILED for every user; a user named twice is DUPLICATE_RESOURCE; an empty name
 * UNACCEPTABLE_CREDENTIAL; an unknown mechanism UNSUPPORTED_SASL_MECHANISM; iterations outside 4096..16384
 * UNACCEPTABLE_CREDENTIAL; deleting a credential that does not exist RESOURCE_NOT_FOUND. The accepted changes are
 * written together (one fsync'd file write, on the store's thread) before the answer.
 */
final class AlterUserScramCredentialsHandler
    implements ApiHandler<AlterUserScramCredentialsRequestData, AlterUserScramCredentialsResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, 0, 0);
    static final int MAX_ITERATIONS = 16384;

    private final Security security;

    AlterUserScramCredentialsHandler(Security security) {
        this.security = security;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<AlterUserScramCredentialsResponseData> handle(
        RequestContext context, AlterUserScramCredentialsRequestData request) {
        if (!Authorization.of(security).allowedOnCluster(context, AclOperation.ALTER)) {
            return CompletableFuture.completedFuture(((AlterUserScramCredentialsResponseData)
                new AlterUserScramCredentialsRequest.Builder(request).build(context.apiVersion())
                    .getErrorResponse(0, new ClusterAuthorizationException("Cluster authorization failed."))
                    .data()));
        }
        ScramCredentialStore store = security.sasl().credentials();
        Map<String, ScramCredentialStore.Change> accepted = new LinkedHashMap<>();
        Map<String, ApiError> errors = new LinkedHashMap<>();
        for (ScramCredentialDeletion deletion : request.deletions()) {
            String user = deletion.name();
            ApiError error = duplicate(user, accepted, errors);
            if (error == null) {
                ScramMechanism mechanism = ScramMechanism.fromType(deletion.mechanism());
                error = validateName(user, mechanism);
                if (error == null && store.credential(user, internal(mechanism)).isEmpty()) {
                    error = new ApiError(Errors.RESOURCE_NOT_FOUND,
                        "Attempt to delete a user credential that does not exist");
                }
                if (error == null) {
                    accepted.put(user, new ScramCredentialStore.Delete(user, internal(mechanism)));
                }
            }
            if (error != null && !errors.containsKey(user)) {
                errors.put(user, error);
            }
        }
        for (ScramCredentialUpsertion upsertion : request.upsertions()) {
            String user = upsertion.name();
            ApiError error = duplicate(user, accepted, errors);
            if (error == null) {
                ScramMechanism mechanism = ScramMechanism.fromType(upsertion.mechanism());
                error = validateName(user, mechanism);
                if (error == null) {
                    var internal = internal(mechanism);
                    if (upsertion.iterations() < internal.minIterations()) {
                        error = new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
                    } else if (upsertion.iterations() > MAX_ITERATIONS) {
                        error = new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
                    } else {
                        accepted.put(user, new ScramCredentialStore.Upsert(user, internal,
                            ScramCredentials.fromSaltedPassword(internal, upsertion.salt(),
                                upsertion.saltedPassword(), upsertion.iterations())));
                    }
                }
            }
            if (error != null && !errors.containsKey(user)) {
                errors.put(user, error);
            }
        }
        CompletableFuture<Void> written = accepted.isEmpty() ? CompletableFuture.completedFuture(null)
            : store.apply(List.copyOf(accepted.values()));
        return written.handle((ok, failure) -> {
            List<AlterUserScramCredentialsResult> results = new ArrayList<>();
            // Kafka's order: accepted deletions, accepted upsertions, then the errors.
            for (boolean deletions : new boolean[]{true, false}) {
                accepted.values().stream()
                    .filter(c -> (c instanceof ScramCredentialStore.Delete) == deletions)
                    .forEach(c -> results.add(result(c.user(), failure == null ? ApiError.NONE
                        : new ApiError(ErrorMapper.toError(failure, "SCRAM credentials of " + c.user()),
                        "The credentials could not be stored"))));
            }
            errors.forEach((user, error) -> results.add(result(user, error)));
            return new AlterUserScramCredentialsResponseData().setResults(results);
        });
    }

    /**
     * A user may appear once per request: a second change fails both (DUPLICATE_RESOURCE); a user that already
     * failed keeps its first error, as in Kafka.
     */
    private static ApiError duplicate(String user, Map<String, ScramCredentialStore.Change> accepted,
                                      Map<String, ApiError> errors) {
        if (errors.containsKey(user)) {
            return errors.get(user);
        }
        if (accepted.remove(user) != null) {
            ApiError duplicate = new ApiError(Errors.DUPLICATE_RESOURCE,
                "A user credential cannot be altered twice in the same request");
            errors.put(user, duplicate);
            return duplicate;
        }
        return null;
    }

    private static ApiError validateName(String user, ScramMechanism mechanism) {
        if (user.isEmpty()) {
            return new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        if (mechanism == ScramMechanism.UNKNOWN) {
            return new ApiError(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        return null;
    }

    private static org.apache.kafka.common.security.scram.internals.ScramMechanism internal(ScramMechanism m) {
        return org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(m.mechanismName());
    }

    private static AlterUserScramCredentialsResult result(String user, ApiError error) {
        return new AlterUserScramCredentialsResult().setUser(user).setErrorCode(error.error().code())
            .setErrorMessage(error.isSuccess() ? null : error.message());
    }
}
