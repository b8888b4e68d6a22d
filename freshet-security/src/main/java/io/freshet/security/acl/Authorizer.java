package io.freshet.security.acl;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;

/**
 * Decides whether a principal may perform an operation on a resource, with Kafka's semantics (DENY beats ALLOW,
 * implied operations, literal / prefixed / wildcard patterns, {@code super.users},
 * {@code allow.everyone.if.no.acl.found}). Every listener asks the same instance: the Kafka handlers, MQTT
 * PUBLISH / SUBSCRIBE and HTTP's topic access.
 *
 * <p>Thread-safe; called on event loops, so it never blocks.
 */
public interface Authorizer {

    /** Whether {@code principal}, connected from {@code host}, may perform {@code operation} on the named resource. */
    boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                      String name);

    /**
     * Kafka's {@code authorizeByResourceType}: whether {@code operation} is allowed on at least one resource of
     * {@code type} (an idempotent producer without IDEMPOTENT_WRITE on the cluster needs WRITE on some topic).
     */
    boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type);

    /** No authorizer configured: everything is allowed, as in Kafka without {@code authorizer.class.name}. */
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                 ResourceType type, String name) {
            return true;
        }

        @Override
        public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                    ResourceType type) {
            return true;
        }
    };
}
