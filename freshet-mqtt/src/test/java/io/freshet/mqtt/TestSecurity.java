package io.freshet.mqtt;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Small users and ACLs for the listener's own tests (the broker's stores are tested in freshet-security): passwords
 * by user, and allowed "User:NAME OPERATION TYPE NAME" lines.
 */
final class TestSecurity {

    private TestSecurity() {
    }

    static PasswordCheck passwords(Map<String, String> users) {
        return (user, password) -> users.containsKey(user)
            && Arrays.equals(users.get(user).getBytes(java.nio.charset.StandardCharsets.UTF_8), password)
            ? Optional.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user)) : Optional.empty();
    }

    static Authorizer allowing(Set<String> allowed) {
        return new Authorizer() {
            @Override
            public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                     ResourceType type, String name) {
                return allowed.contains(principal + " " + operation + " " + type + " " + name);
            }

            @Override
            public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                        ResourceType type) {
                return allowed.stream().anyMatch(line -> line.startsWith(principal + " " + operation + " " + type));
            }
        };
    }
}
