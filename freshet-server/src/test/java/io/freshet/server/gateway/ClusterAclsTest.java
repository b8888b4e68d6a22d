package io.freshet.server.gateway;

import io.freshet.security.acl.AclConfig;
import io.freshet.security.acl.FreshetAuthorizer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's copy of the cluster's ACLs while reads fail: kept up to the max age, then every client denied. */
class ClusterAclsTest {

    private static final KafkaPrincipal CAROL = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "carol");
    private static final KafkaPrincipal ADMIN = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "admin");
    private static final InetAddress HOST = InetAddress.getLoopbackAddress();
    private static final List<AclBinding> CAROL_WRITES = List.of(new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
        new AccessControlEntry("User:carol", "*", AclOperation.WRITE, AclPermissionType.ALLOW)));

    private final AtomicLong nanos = new AtomicLong(1_000);
    /** What the next read returns; null: the read fails. */
    private final AtomicReference<List<AclBinding>> cluster = new AtomicReference<>(CAROL_WRITES);
    private final ClusterAcls.Reader reader = () -> {
        List<AclBinding> acls = cluster.get();
        if (acls == null) {
            throw new IllegalStateException("Cannot read the cluster's ACLs: no answer within 10000 ms");
        }
        return acls;
    };
    private ClusterAcls acls;

    private FreshetAuthorizer follow(Duration maxAge) {
        acls = new ClusterAcls(reader, () -> { }, Duration.ofSeconds(1), maxAge, nanos::get, reader.read());
        return new FreshetAuthorizer(new AclConfig(true, Set.of("User:admin"), false)).follow(acls);
    }

    @AfterEach
    void close() {
        if (acls != null) {
            acls.close();
        }
    }

    private void after(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static boolean writes(FreshetAuthorizer authorizer, KafkaPrincipal who, String topic) {
        return authorizer.authorize(who, HOST, AclOperation.WRITE, ResourceType.TOPIC, topic);
    }

    @Test
    void shouldKeepTheLastAclsWhileReadsFailUpToTheMaxAgeThenDenyAllButSuperUsers() {
        FreshetAuthorizer authorizer = follow(Duration.ofSeconds(60));
        assertThat(writes(authorizer, CAROL, "orders")).isTrue();

        cluster.set(null);
        after(30);
        acls.refresh();
        assertThat(writes(authorizer, CAROL, "orders")).as("30 s after the last read").isTrue();

        after(30);
        acls.refresh();
        assertThat(writes(authorizer, CAROL, "orders")).as("60 s after the last read").isFalse();
        assertThat(authorizer.authorize(CAROL, HOST, AclOperation.READ, ResourceType.GROUP, "g")).isFalse();
        assertThat(authorizer.authorize(CAROL, HOST, AclOperation.DESCRIBE, ResourceType.CLUSTER, "kafka-cluster"))
            .isFalse();
        assertThat(writes(authorizer, KafkaPrincipal.ANONYMOUS, "orders")).isFalse();
        assertThat(writes(authorizer, ADMIN, "orders")).as("a super user").isTrue();

        cluster.set(CAROL_WRITES); // the same ACLs as before the outage: published again all the same
        acls.refresh();
        assertThat(writes(authorizer, CAROL, "orders")).isTrue();
        assertThat(writes(authorizer, CAROL, "payments")).isFalse();
    }

    @Test
    void shouldMeasureTheAgeFromTheLastGoodReadNotFromTheFirstFailure() {
        FreshetAuthorizer authorizer = follow(Duration.ofSeconds(60));
        after(50);
        acls.refresh(); // good read at 50 s
        cluster.set(null);
        after(50);
        acls.refresh();
        assertThat(writes(authorizer, CAROL, "orders")).as("50 s after the last good read").isTrue();
        after(10);
        acls.refresh();
        assertThat(writes(authorizer, CAROL, "orders")).isFalse();
    }

    @Test
    void shouldKeepTheLastAclsForeverWithAMaxAgeOfZero() {
        FreshetAuthorizer authorizer = follow(Duration.ZERO);
        cluster.set(null);
        after(86_400);
        acls.refresh();
        assertThat(writes(authorizer, CAROL, "orders")).isTrue();
    }
}
