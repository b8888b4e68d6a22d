package io.freshet.http.security;

import io.freshet.security.acl.Authorizer;
import io.netty.util.AttributeKey;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;
import java.util.Set;

/**
 * What one HTTP request's principal may do, asked of the broker's {@link Authorizer} with Kafka's resources. A
 * refusal is Kafka's own exception ({@link TopicAuthorizationException}, ...), which {@code HttpErrors} answers as
 * 403 with Confluent's 40301. Immutable.
 */
public final class RequestAccess {

    /** A WebSocket connection's access, decided at its upgrade request. */
    public static final AttributeKey<RequestAccess> KEY = AttributeKey.valueOf("freshet.http.access");

    /** The cluster resource's name, as Kafka's authorizer knows it. */
    public static final String CLUSTER = "kafka-cluster";

    /** Anyone, everything (tests of other things, requests before authentication is wired). */
    public static final RequestAccess OPEN = new RequestAccess(Authorizer.ALLOW_ALL, KafkaPrincipal.ANONYMOUS, null);

    private final Authorizer authorizer;
    private final KafkaPrincipal principal;
    private final InetAddress address;

    public RequestAccess(Authorizer authorizer, KafkaPrincipal principal, InetAddress address) {
        this.authorizer = authorizer;
        this.principal = principal;
        this.address = address;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    public boolean allowed(AclOperation operation, ResourceType type, String name) {
        return authorizer.authorize(principal, address, operation, type, name);
    }

    /** @throws org.apache.kafka.common.errors.AuthorizationException (403) when not allowed */
    public void require(AclOperation operation, ResourceType type, String name) {
        if (allowed(operation, type, name)) {
            return;
        }
        String message = "Not authorized to " + operation.name().toLowerCase() + " " + type.name().toLowerCase()
            + (type == ResourceType.CLUSTER ? "" : " " + name);
        throw switch (type) {
            case TOPIC -> new TopicAuthorizationException(message, Set.of(name));
            case GROUP -> new GroupAuthorizationException(message, name);
            default -> new ClusterAuthorizationException(message);
        };
    }

    public void requireTopic(AclOperation operation, String topic) {
        require(operation, ResourceType.TOPIC, topic);
    }

    public void requireCluster(AclOperation operation) {
        require(operation, ResourceType.CLUSTER, CLUSTER);
    }
}
