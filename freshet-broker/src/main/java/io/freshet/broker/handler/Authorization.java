package io.freshet.broker.handler;

import io.freshet.security.Security;
import io.freshet.security.acl.Authorizer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place handlers ask the {@link Authorizer}: with the connection's principal and address, as Kafka's
 * {@code AuthHelper} does ({@code authorize}, {@code filterByAuthorized}, {@code authorizeByResourceType},
 * {@code authorizedOperations}). The whole-request refusals throw kafka-clients' {@code *AuthorizationException},
 * which the network layer turns into the request's error response ({@link ErrorMapper}).
 *
 * <p>Without {@code authorizer.class.name} the authorizer is {@link Authorizer#ALLOW_ALL} and every check passes.
 */
public final class Authorization {

    /** The one cluster resource's name, as in Kafka. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    /** The operations Kafka reports in the {@code *AuthorizedOperations} fields, per resource type. */
    private static final Set<AclOperation> TOPIC_OPS = EnumSet.of(AclOperation.READ, AclOperation.WRITE,
        AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER,
        AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final Set<AclOperation> GROUP_OPS = EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE,
        AclOperation.DELETE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
    private static final Set<AclOperation> CLUSTER_OPS = EnumSet.of(AclOperation.CREATE,
        AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS,
        AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);
    private static final Set<AclOperation> TXN_OPS = EnumSet.of(AclOperation.DESCRIBE, AclOperation.WRITE);

    private final Authorizer authorizer;

    public Authorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    public static Authorization of(Security security) {
        return new Authorization(security.authorizer());
    }

    public static final Authorization ALLOW_ALL = new Authorization(Authorizer.ALLOW_ALL);

    public boolean allowed(RequestContext context, AclOperation operation, ResourceType type, String name) {
        ConnectionState connection = context.connection();
        return authorizer.authorize(connection.principal(), connection.clientAddress(), operation, type, name);
    }

    public boolean allowedOnCluster(RequestContext context, AclOperation operation) {
        return allowed(context, operation, ResourceType.CLUSTER, CLUSTER_NAME);
    }

    /** Kafka's {@code authorizeByResourceType}: the operation is allowed on some resource of {@code type}. */
    public boolean allowedOnAny(RequestContext context, AclOperation operation, ResourceType type) {
        ConnectionState connection = context.connection();
        return authorizer.authorizeAny(connection.principal(), connection.clientAddress(), operation, type);
    }

    /** Kafka's rule for creating a topic (CreateTopics, auto-creation): CREATE on the cluster or on the topic. */
    public boolean mayCreateTopic(RequestContext context, String topic) {
        return allowedOnCluster(context, AclOperation.CREATE)
            || allowed(context, AclOperation.CREATE, ResourceType.TOPIC, topic);
    }

    /** @throws ClusterAuthorizationException without {@code operation} on the cluster */
    public void requireCluster(RequestContext context, AclOperation operation) {
        if (!allowedOnCluster(context, operation)) {
            throw new ClusterAuthorizationException("Request " + context.apiKey() + " needs " + operation
                + " on the cluster");
        }
    }

    /** @throws GroupAuthorizationException without {@code operation} on the group */
    public void requireGroup(RequestContext context, AclOperation operation, String groupId) {
        if (!allowed(context, operation, ResourceType.GROUP, groupId)) {
            throw new GroupAuthorizationException("Not authorized to access group: " + groupId);
        }
    }

    /** @throws TransactionalIdAuthorizationException without {@code operation} on the transactional id */
    public void requireTransactionalId(RequestContext context, AclOperation operation, String transactionalId) {
        if (!allowed(context, operation, ResourceType.TRANSACTIONAL_ID, transactionalId)) {
            throw new TransactionalIdAuthorizationException("Transactional Id authorization failed.");
        }
    }

    /**
     * Kafka's check of a config resource (DescribeConfigs: DESCRIBE_CONFIGS, Alter/IncrementalAlterConfigs:
     * ALTER_CONFIGS): a topic on the topic, a group on the group, a broker (or its loggers, or client metrics) on
     * the cluster.
     *
     * @throws org.apache.kafka.common.errors.AuthorizationException the matching TOPIC_ / GROUP_ /
     *                                                                CLUSTER_AUTHORIZATION_FAILED
     */
    public void requireConfigs(RequestContext context, AclOperation operation, byte resourceType, String name) {
        switch (org.apache.kafka.common.config.ConfigResource.Type.forId(resourceType)) {
            case TOPIC -> {
                if (!allowed(context, operation, ResourceType.TOPIC, name)) {
                    throw new org.apache.kafka.common.errors.TopicAuthorizationException(Set.of(name));
                }
            }
            case GROUP -> requireGroup(context, operation, name);
            case BROKER, BROKER_LOGGER, CLIENT_METRICS -> requireCluster(context, operation);
            default -> {
                // unknown types fail later with their own error
            }
        }
    }

    /** Kafka's {@code filterByAuthorized}: the names among {@code items} allowed {@code operation}. */
    public <T> Set<String> allowedNames(RequestContext context, AclOperation operation, ResourceType type,
                                        Collection<T> items, Function<T, String> name) {
        Set<String> checked = new HashSet<>();
        Set<String> allowed = new HashSet<>();
        for (T item : items) {
            String n = name.apply(item);
            if (checked.add(n) && allowed(context, operation, type, n)) {
                allowed.add(n);
            }
        }
        return allowed;
    }

    /** The names among {@code items} NOT allowed {@code operation} (empty when everything is allowed). */
    public <T> Set<String> deniedNames(RequestContext context, AclOperation operation, ResourceType type,
                                       Collection<T> items, Function<T, String> name) {
        if (authorizer == Authorizer.ALLOW_ALL) {
            return Set.of(); // no authorizer configured: the produce and fetch paths allocate nothing for this
        }
        Set<String> checked = new HashSet<>();
        Set<String> denied = new HashSet<>();
        for (T item : items) {
            String n = name.apply(item);
            if (checked.add(n) && !allowed(context, operation, type, n)) {
                denied.add(n);
            }
        }
        return denied;
    }

    /**
     * The share APIs' check (ShareFetch, ShareAcknowledge): READ on the group, READ on every topic named (by id;
     * an id that names no topic is left to the handler's own error).
     *
     * @return the authorization exception to answer with, or null when allowed
     */
    public org.apache.kafka.common.errors.ApiException shareAccess(RequestContext context, String groupId,
                                                                   java.util.stream.Stream<String> topicNames) {
        if (!allowed(context, AclOperation.READ, ResourceType.GROUP, groupId)) {
            return new GroupAuthorizationException("Not authorized to access group: " + groupId);
        }
        Set<String> denied = new HashSet<>();
        topicNames.forEach(t -> {
            if (!allowed(context, AclOperation.READ, ResourceType.TOPIC, t)) {
                denied.add(t);
            }
        });
        return denied.isEmpty() ? null : new org.apache.kafka.common.errors.TopicAuthorizationException(denied);
    }

    /** The {@code *AuthorizedOperations} bit field Kafka answers for one resource. */
    public int authorizedOperations(RequestContext context, ResourceType type, String name) {
        Set<AclOperation> supported = switch (type) {
            case TOPIC -> TOPIC_OPS;
            case GROUP -> GROUP_OPS;
            case CLUSTER -> CLUSTER_OPS;
            case TRANSACTIONAL_ID -> TXN_OPS;
            default -> Set.of();
        };
        int bits = 0;
        for (AclOperation op : supported) {
            if (allowed(context, op, type, name)) {
                bits |= 1 << op.code();
            }
        }
        return bits;
    }
}
