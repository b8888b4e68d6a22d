package io.freshet.security.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.kafka.common.acl.AclOperation.*;
import static org.apache.kafka.common.resource.ResourceType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Kafka's StandardAuthorizer semantics, one row per rule. */
class FreshetAuthorizerTest {

    private static final KafkaPrincipal ALICE = new KafkaPrincipal("User", "alice");
    private static final KafkaPrincipal BOB = new KafkaPrincipal("User", "bob");
    private static final KafkaPrincipal ADMIN = new KafkaPrincipal("User", "admin");
    private static final InetAddress LOCAL = addr("127.0.0.1");
    private static final InetAddress OTHER = addr("10.0.0.7");

    static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                          AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, host, op, permission));
    }

    static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
        return acl(type, name, pattern, principal, "*", op, AclPermissionType.ALLOW);
    }

    static AclBinding deny(ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
        return acl(type, name, pattern, principal, "*", op, AclPermissionType.DENY);
    }

    private static final PatternType LIT = PatternType.LITERAL;
    private static final PatternType PRE = PatternType.PREFIXED;

    static Stream<Arguments> cases() {
        return Stream.of(
            // name, acls, principal, host, op, type, resource, expected
            Arguments.of("literal allow", List.of(allow(TOPIC, "orders", LIT, "User:alice", READ)),
                ALICE, LOCAL, READ, TOPIC, "orders", true),
            Arguments.of("other principal with acls on resource is denied",
                List.of(allow(TOPIC, "orders", LIT, "User:alice", READ)), BOB, LOCAL, READ, TOPIC, "orders", false),
            Arguments.of("other operation denied", List.of(allow(TOPIC, "orders", LIT, "User:alice", READ)),
                ALICE, LOCAL, WRITE, TOPIC, "orders", false),
            Arguments.of("literal does not match a longer name",
                List.of(allow(TOPIC, "orders", LIT, "User:alice", READ)), ALICE, LOCAL, READ, TOPIC, "orders2", false),
            Arguments.of("prefixed matches a longer name", List.of(allow(TOPIC, "ord", PRE, "User:alice", READ)),
                ALICE, LOCAL, READ, TOPIC, "orders", true),
            Arguments.of("prefixed matches its own name", List.of(allow(TOPIC, "ord", PRE, "User:alice", READ)),
                ALICE, LOCAL, READ, TOPIC, "ord", true),
            Arguments.of("prefixed does not match another prefix",
                List.of(allow(TOPIC, "ord", PRE, "User:alice", READ)), ALICE, LOCAL, READ, TOPIC, "or", false),
            Arguments.of("DENY beats ALLOW (same literal)", List.of(
                    allow(TOPIC, "orders", LIT, "User:alice", READ), deny(TOPIC, "orders", LIT, "User:alice", READ)),
                ALICE, LOCAL, READ, TOPIC, "orders", false),
            Arguments.of("prefixed DENY beats literal ALLOW", List.of(
                    allow(TOPIC, "orders", LIT, "User:alice", WRITE), deny(TOPIC, "ord", PRE, "User:*", WRITE)),
                ALICE, LOCAL, WRITE, TOPIC, "orders", false),
            Arguments.of("wildcard-name DENY beats literal ALLOW", List.of(
                    allow(TOPIC, "orders", LIT, "User:alice", WRITE), deny(TOPIC, "*", LIT, "User:alice", ALL)),
                ALICE, LOCAL, WRITE, TOPIC, "orders", false),
            Arguments.of("DENY of another operation does not deny", List.of(
                    allow(TOPIC, "orders", LIT, "User:alice", ALL), deny(TOPIC, "orders", LIT, "User:alice", WRITE)),
                ALICE, LOCAL, READ, TOPIC, "orders", true),
            Arguments.of("DENY READ does not deny DESCRIBE", List.of(
                    allow(TOPIC, "orders", LIT, "User:alice", DESCRIBE), deny(TOPIC, "orders", LIT, "User:alice", READ)),
                ALICE, LOCAL, DESCRIBE, TOPIC, "orders", true),
            Arguments.of("wildcard principal", List.of(allow(TOPIC, "orders", LIT, "User:*", READ)),
                BOB, LOCAL, READ, TOPIC, "orders", true),
            Arguments.of("wildcard resource name", List.of(allow(GROUP, "*", LIT, "User:bob", READ)),
                BOB, LOCAL, READ, GROUP, "any-group", true),
            Arguments.of("host exact matches", List.of(acl(TOPIC, "t", LIT, "User:alice", "127.0.0.1", READ,
                AclPermissionType.ALLOW)), ALICE, LOCAL, READ, TOPIC, "t", true),
            Arguments.of("host exact does not match another", List.of(acl(TOPIC, "t", LIT, "User:alice",
                "127.0.0.1", READ, AclPermissionType.ALLOW)), ALICE, OTHER, READ, TOPIC, "t", false),
            Arguments.of("DENY from one host only", List.of(allow(TOPIC, "t", LIT, "User:*", READ),
                    acl(TOPIC, "t", LIT, "User:*", "10.0.0.7", READ, AclPermissionType.DENY)),
                ALICE, LOCAL, READ, TOPIC, "t", true),
            Arguments.of("DENY from that host", List.of(allow(TOPIC, "t", LIT, "User:*", READ),
                    acl(TOPIC, "t", LIT, "User:*", "10.0.0.7", READ, AclPermissionType.DENY)),
                ALICE, OTHER, READ, TOPIC, "t", false),
            Arguments.of("WRITE implies DESCRIBE", List.of(allow(TOPIC, "t", LIT, "User:alice", WRITE)),
                ALICE, LOCAL, DESCRIBE, TOPIC, "t", true),
            Arguments.of("READ does not imply WRITE", List.of(allow(TOPIC, "t", LIT, "User:alice", READ)),
                ALICE, LOCAL, WRITE, TOPIC, "t", false),
            Arguments.of("ALTER_CONFIGS implies DESCRIBE_CONFIGS",
                List.of(allow(TOPIC, "t", LIT, "User:alice", ALTER_CONFIGS)),
                ALICE, LOCAL, DESCRIBE_CONFIGS, TOPIC, "t", true),
            Arguments.of("ALTER_CONFIGS does not imply DESCRIBE",
                List.of(allow(TOPIC, "t", LIT, "User:alice", ALTER_CONFIGS)), ALICE, LOCAL, DESCRIBE, TOPIC, "t", false),
            Arguments.of("ALL allows anything", List.of(allow(CLUSTER, "kafka-cluster", LIT, "User:alice", ALL)),
                ALICE, LOCAL, IDEMPOTENT_WRITE, CLUSTER, "kafka-cluster", true),
            Arguments.of("resource type matters", List.of(allow(GROUP, "orders", LIT, "User:alice", READ)),
                ALICE, LOCAL, READ, TOPIC, "orders", false),
            Arguments.of("super user beats DENY", List.of(deny(TOPIC, "*", LIT, "User:*", ALL)),
                ADMIN, LOCAL, DELETE, TOPIC, "orders", true),
            Arguments.of("no acl found: denied by default", List.of(allow(TOPIC, "other", LIT, "User:*", READ)),
                ALICE, LOCAL, READ, TOPIC, "orders", false)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, List<AclBinding> acls, KafkaPrincipal principal, InetAddress host, AclOperation op,
                 ResourceType type, String resource, boolean expected) {
        FreshetAuthorizer authorizer = authorizer(false, acls);
        assertThat(authorizer.authorize(principal, host, op, type, resource)).isEqualTo(expected);
    }

    @Test
    void noAclFoundFollowsAllowEveryone() {
        List<AclBinding> acls = List.of(allow(TOPIC, "secured", LIT, "User:alice", READ));
        FreshetAuthorizer open = authorizer(true, acls);
        assertThat(open.authorize(BOB, LOCAL, READ, TOPIC, "public")).isTrue();
        // A resource with ACLs (none for bob) stays closed even then.
        assertThat(open.authorize(BOB, LOCAL, READ, TOPIC, "secured")).isFalse();
        // A prefixed ACL counts as an ACL on the resource.
        FreshetAuthorizer openPrefixed = authorizer(true, List.of(allow(TOPIC, "sec", PRE, "User:alice", READ)));
        assertThat(openPrefixed.authorize(BOB, LOCAL, READ, TOPIC, "secured")).isFalse();
        FreshetAuthorizer closed = authorizer(false, acls);
        assertThat(closed.authorize(BOB, LOCAL, READ, TOPIC, "public")).isFalse();
    }

    @Test
    void authorizeAnyIsKafkasAuthorizeByResourceType() {
        // no acls at all: follows allow.everyone.if.no.acl.found
        assertThat(authorizer(false, List.of()).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isFalse();
        assertThat(authorizer(true, List.of()).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isTrue();
        // super user
        assertThat(authorizer(false, List.of()).authorizeAny(ADMIN, LOCAL, WRITE, TOPIC)).isTrue();
        // one literal allow
        assertThat(authorizer(false, List.of(allow(TOPIC, "t", LIT, "User:alice", WRITE)))
            .authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isTrue();
        // the same literal denied
        assertThat(authorizer(false, List.of(allow(TOPIC, "t", LIT, "User:alice", WRITE),
            deny(TOPIC, "t", LIT, "User:alice", WRITE))).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isFalse();
        // a prefixed deny dominating the allowed literal
        assertThat(authorizer(false, List.of(allow(TOPIC, "team-a.t", LIT, "User:alice", WRITE),
            deny(TOPIC, "team-a", PRE, "User:*", WRITE))).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isFalse();
        // a prefixed allow not dominated by a longer deny
        assertThat(authorizer(false, List.of(allow(TOPIC, "team", PRE, "User:alice", WRITE),
            deny(TOPIC, "team-a", PRE, "User:*", WRITE))).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isTrue();
        // implied operations do not count: READ does not give WRITE, and WRITE on a group is not on a topic
        assertThat(authorizer(false, List.of(allow(TOPIC, "t", LIT, "User:alice", READ),
            allow(GROUP, "g", LIT, "User:alice", WRITE))).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isFalse();
        // a wildcard deny beats everything
        assertThat(authorizer(false, List.of(allow(TOPIC, "t", LIT, "User:alice", WRITE),
            deny(TOPIC, "*", LIT, "User:alice", WRITE))).authorizeAny(ALICE, LOCAL, WRITE, TOPIC)).isFalse();
    }

    @Test
    void configIsParsedWithKafkasKeys() {
        AclConfig config = AclConfig.parse(Map.of("authorizer.class.name",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "super.users", "User:admin; User:ops",
            "allow.everyone.if.no.acl.found", "true"));
        assertThat(config.enabled()).isTrue();
        assertThat(config.superUsers()).containsExactlyInAnyOrder("User:admin", "User:ops");
        assertThat(config.allowEveryoneIfNoAclFound()).isTrue();
        assertThat(AclConfig.parse(Map.of()).enabled()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AclConfig.parse(Map.of("authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorizer.class.name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AclConfig.parse(Map.of(
                "allow.everyone.if.no.acl.found", "yes")))
            .hasMessageContaining("allow.everyone.if.no.acl.found");
    }

    private static FreshetAuthorizer authorizer(boolean allowIfNoAcl, List<AclBinding> acls) {
        FreshetAuthorizer authorizer = new FreshetAuthorizer(
            new AclConfig(true, java.util.Set.of("User:admin"), allowIfNoAcl));
        authorizer.update(acls);
        return authorizer;
    }

    private static InetAddress addr(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
