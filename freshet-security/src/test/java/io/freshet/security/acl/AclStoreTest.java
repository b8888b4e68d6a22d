package io.freshet.security.acl;

import io.freshet.security.Security;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.AclDeleteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.freshet.security.acl.FreshetAuthorizerTest.allow;
import static io.freshet.security.acl.FreshetAuthorizerTest.deny;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

class AclStoreTest {

    private static final KafkaPrincipal ALICE = new KafkaPrincipal("User", "alice");

    @TempDir
    Path dir;

    @Test
    void aclsSurviveReopeningAndChangesTakeEffectAtOnce() throws Exception {
        Map<String, String> props = Map.of("authorizer.class.name", "io.freshet.security.acl.FreshetAuthorizer");
        try (Security security = Security.open(props, dir)) {
            AclStore store = security.acls().orElseThrow();
            assertThat(security.authorizer().authorize(ALICE, InetAddress.getLoopbackAddress(), READ, TOPIC, "t"))
                .isFalse();
            List<AclCreateResult> created = store.create(List.of(allow(TOPIC, "t", LITERAL, "User:alice", READ)))
                .get();
            assertThat(created).allMatch(r -> r.exception().isEmpty());
            assertThat(security.authorizer().authorize(ALICE, InetAddress.getLoopbackAddress(), READ, TOPIC, "t"))
                .isTrue();
        }
        assertThat(Files.exists(dir.resolve("security").resolve("acls.json"))).isTrue();
        try (Security security = Security.open(props, dir)) {
            assertThat(security.acls().orElseThrow().all()).hasSize(1);
            assertThat(security.authorizer().authorize(ALICE, InetAddress.getLoopbackAddress(), READ, TOPIC, "t"))
                .isTrue();
        }
    }

    @Test
    void createValidatesEachBindingAlone() throws Exception {
        try (AclStore store = AclStore.open(dir)) {
            List<AclCreateResult> results = store.create(List.of(
                allow(TOPIC, "ok", LITERAL, "User:alice", READ),
                allow(TOPIC, "x", PatternType.UNKNOWN, "User:alice", READ),
                allow(CLUSTER, "other", LITERAL, "User:alice", READ),
                allow(TOPIC, "", LITERAL, "User:alice", READ),
                allow(TOPIC, "y", LITERAL, "alice", READ))).get();
            assertThat(results.get(0).exception()).isEmpty();
            assertThat(results.subList(1, 5)).allSatisfy(r ->
                assertThat(r.exception()).get().isInstanceOf(InvalidRequestException.class));
            assertThat(store.all()).hasSize(1);
            // adding the same binding again is a success and keeps one copy
            assertThat(store.create(List.of(allow(TOPIC, "ok", LITERAL, "User:alice", READ))).get().get(0)
                .exception()).isEmpty();
            assertThat(store.all()).hasSize(1);
        }
    }

    @Test
    void describeAndDeleteUseKafkasFilterSemantics() throws Exception {
        try (AclStore store = AclStore.open(dir)) {
            store.create(List.of(
                allow(TOPIC, "orders", LITERAL, "User:alice", READ),
                allow(TOPIC, "ord", PREFIXED, "User:bob", WRITE),
                deny(TOPIC, "*", LITERAL, "User:eve", READ),
                allow(ResourceType.GROUP, "orders", LITERAL, "User:alice", READ))).get();

            // MATCH: every pattern that matches the literal name "orders" (literal, prefixed, wildcard)
            AclBindingFilter match = new AclBindingFilter(
                new ResourcePatternFilter(TOPIC, "orders", PatternType.MATCH), AccessControlEntryFilter.ANY);
            assertThat(store.describe(match)).hasSize(3);
            // ANY with a name: exactly that name, any pattern type
            AclBindingFilter any = new AclBindingFilter(
                new ResourcePatternFilter(TOPIC, "ord", PatternType.ANY), AccessControlEntryFilter.ANY);
            assertThat(store.describe(any)).extracting(b -> b.entry().principal()).containsExactly("User:bob");
            // everything
            assertThat(store.describe(AclBindingFilter.ANY)).hasSize(4);
            // principal filter
            AclBindingFilter alice = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:alice", null, AclOperation.ANY, AclPermissionType.ANY));
            assertThat(store.describe(alice)).hasSize(2);

            List<AclDeleteResult> deleted = store.delete(List.of(alice, new AclBindingFilter(
                new ResourcePatternFilter(TOPIC, "ord", PREFIXED),
                new AccessControlEntryFilter(null, null, WRITE, AclPermissionType.ALLOW)))).get();
            assertThat(deleted.get(0).aclBindingDeleteResults()).hasSize(2);
            assertThat(deleted.get(1).aclBindingDeleteResults()).hasSize(1);
            assertThat(store.all()).extracting(AclBinding::toString).singleElement().asString().contains("eve");
        }
        try (AclStore reopened = AclStore.open(dir)) {
            assertThat(reopened.all()).hasSize(1);
        }
    }
}
