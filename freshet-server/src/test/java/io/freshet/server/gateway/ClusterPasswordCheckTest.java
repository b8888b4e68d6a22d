package io.freshet.server.gateway;

import io.freshet.security.auth.PasswordCheckUnavailableException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPasswordCheckTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<String> logins = new ArrayList<>();
    /** The cluster's users: carol / carol-secret; "down" means the cluster does not answer. */
    private final ClusterPasswordCheck.Login cluster = (user, password) -> {
        logins.add(user + ":" + password);
        if (user.equals("down")) {
            return ClusterPasswordCheck.Outcome.failed(new org.apache.kafka.common.errors.TimeoutException("x"));
        }
        return Map.of("carol", "carol-secret").getOrDefault(user, "").equals(password)
            ? ClusterPasswordCheck.Outcome.ACCEPTED : ClusterPasswordCheck.Outcome.REFUSED;
    };
    private final ClusterPasswordCheck check = new ClusterPasswordCheck(cluster, Duration.ofSeconds(60), nanos::get);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldAcceptWhatTheClusterAcceptsAsUserName() {
        assertThat(check.check("carol", bytes("carol-secret")))
            .contains(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "carol"));
        assertThat(check.check("carol", bytes("wrong"))).isEmpty();
    }

    @Test
    void shouldSayUnavailableNotWrongWhenTheClusterDoesNotAnswer() {
        assertThatThrownBy(() -> check.check("down", bytes("x")))
            .isInstanceOf(PasswordCheckUnavailableException.class).hasMessageContaining("did not answer");
        assertThat(check.check("carol", bytes("carol-secret"))).isPresent(); // it answers again: back to normal
        assertThat(check.check("carol", bytes("wrong"))).isEmpty();
    }

    @Test
    void shouldLetOneLoginProbeAnUnansweringClusterAndFailTheOthersAtOnce() throws Exception {
        CountDownLatch probeStarted = new CountDownLatch(1);
        CountDownLatch clusterBack = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        ClusterPasswordCheck.Login flaky = (user, password) -> {
            attempts.incrementAndGet();
            if (user.equals("down")) {
                return ClusterPasswordCheck.Outcome.failed(new org.apache.kafka.common.errors.TimeoutException("x"));
            }
            if (user.equals("prober")) {
                probeStarted.countDown();
                try {
                    clusterBack.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return user.equals("carol") || user.equals("prober") ? ClusterPasswordCheck.Outcome.ACCEPTED
                : ClusterPasswordCheck.Outcome.REFUSED;
        };
        ClusterPasswordCheck outage = new ClusterPasswordCheck(flaky, Duration.ofSeconds(60), nanos::get);
        assertThatThrownBy(() -> outage.check("down", bytes("x")))
            .isInstanceOf(PasswordCheckUnavailableException.class);

        ExecutorService probeThread = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<KafkaPrincipal>> probe = probeThread.submit(() -> outage.check("prober", bytes("p")));
            assertThat(probeStarted.await(30, TimeUnit.SECONDS)).isTrue();
            int before = attempts.get();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> outage.check("carol", bytes("carol-secret")))
                    .isInstanceOf(PasswordCheckUnavailableException.class).hasMessageContaining("another is trying");
            }
            assertThat(attempts.get()).as("logins while one probes").isEqualTo(before);

            clusterBack.countDown();
            assertThat(probe.get(30, TimeUnit.SECONDS)).isPresent();
            assertThat(outage.check("carol", bytes("carol-secret"))).isPresent();
            assertThat(outage.check("dave", bytes("nope"))).isEmpty();
        } finally {
            probeThread.shutdownNow();
        }
    }

    @Test
    void shouldAskTheClusterOncePerCacheIntervalForARightPassword() {
        for (int i = 0; i < 5; i++) {
            assertThat(check.check("carol", bytes("carol-secret"))).isPresent();
        }
        assertThat(logins).hasSize(1);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertThat(check.check("carol", bytes("carol-secret"))).isPresent();
        assertThat(logins).hasSize(2);
    }

    @Test
    void shouldNeverRememberAWrongPasswordNorLetACachedUserInWithAnother() {
        assertThat(check.check("carol", bytes("carol-secret"))).isPresent();
        assertThat(check.check("carol", bytes("guess"))).isEmpty();
        assertThat(check.check("carol", bytes("guess"))).isEmpty();
        assertThat(logins).containsExactly("carol:carol-secret", "carol:guess", "carol:guess");
        assertThat(check.check("carol", bytes("carol-secret"))).isPresent(); // still remembered
        assertThat(logins).hasSize(3);
    }

    @Test
    void shouldAskEveryTimeWithACacheOfZero() {
        ClusterPasswordCheck uncached = new ClusterPasswordCheck(cluster, Duration.ZERO, nanos::get);
        uncached.check("carol", bytes("carol-secret"));
        uncached.check("carol", bytes("carol-secret"));
        assertThat(logins).hasSize(2);
    }

    @Test
    void shouldRefuseWithoutAskingWhatNoSaslLoginCanCarry() {
        assertThat(check.check("carol", new byte[] {(byte) 0xff, (byte) 0xfe})).isEmpty(); // not UTF-8
        assertThat(check.check("", bytes("x"))).isEmpty();
        assertThat(check.check("carol", null)).isEmpty();
        assertThat(logins).isEmpty();
    }

    @Test
    void shouldQuoteJaasValues() {
        assertThat(ClusterLogin.quote("a\"b\\c")).isEqualTo("a\\\"b\\\\c");
    }
}
