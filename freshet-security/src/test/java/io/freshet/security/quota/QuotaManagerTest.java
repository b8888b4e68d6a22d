package io.freshet.security.quota;

import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.freshet.security.quota.QuotaStoreTest.entity;
import static io.freshet.security.quota.QuotaStoreTest.set;
import static org.assertj.core.api.Assertions.assertThat;

class QuotaManagerTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private static final KafkaPrincipal ALICE = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice");
    private static final KafkaPrincipal BOB = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "bob");

    private QuotaStore store(ClientQuotaEntity entity, String key, double value) throws Exception {
        QuotaStore store = QuotaStore.open(dir);
        store.alter(List.of(set(entity, key, value)), false).get();
        return store;
    }

    @Test
    void noQuotaNoThrottle() throws Exception {
        try (QuotaStore store = QuotaStore.open(dir)) {
            QuotaManager m = new QuotaManager(store, time, 11, 1000, QuotaManager.DEFAULT_EXPIRE_MS);
            assertThat(m.active()).isFalse();
            assertThat(m.recordAndThrottleMs(ALICE, "c", QuotaType.PRODUCE, 1e9, time.milliseconds())).isZero();
            assertThat(m.windowCount()).isZero();
        }
    }

    @Test
    void throttleIsTheDelayThatBringsTheRateBackToTheQuota() throws Exception {
        try (QuotaStore store = store(entity("client-id", "app"), "producer_byte_rate", 1000)) {
            QuotaManager m = new QuotaManager(store, time, 11, 1000, QuotaManager.DEFAULT_EXPIRE_MS);
            long now = time.milliseconds();
            // A new client is measured over at least 10 windows: 10 000 bytes at once is exactly the quota.
            assertThat(m.recordAndThrottleMs(ALICE, "app", QuotaType.PRODUCE, 10_000, now)).isZero();
            // 5 000 more: 15 000 B over 10 s = 1500 B/s, (1500 - 1000) / 1000 x 10 000 ms = 5000 ms.
            assertThat(m.recordAndThrottleMs(ALICE, "app", QuotaType.PRODUCE, 5_000, now)).isEqualTo(5000);
            // Another client id has its own usage.
            assertThat(m.recordAndThrottleMs(ALICE, "other", QuotaType.PRODUCE, 5_000, now)).isZero();
            // Fetch is not limited by a produce quota.
            assertThat(m.recordAndThrottleMs(ALICE, "app", QuotaType.FETCH, 1e9, now)).isZero();
            // Once the windows have rolled past, the client starts afresh.
            time.advance(11_000);
            assertThat(m.recordAndThrottleMs(ALICE, "app", QuotaType.PRODUCE, 1_000, time.milliseconds())).isZero();
        }
    }

    @Test
    void requestPercentageThrottleIsCappedAtOneWindow() throws Exception {
        try (QuotaStore store = store(entity("user", null), "request_percentage", 1)) {
            QuotaManager m = new QuotaManager(store, time, 11, 1000, QuotaManager.DEFAULT_EXPIRE_MS);
            // 500 % of a thread for a second is far over 1 %: the throttle is capped at the 1 s window.
            assertThat(m.recordAndThrottleMs(BOB, "c", QuotaType.REQUEST, 500, time.milliseconds())).isEqualTo(1000);
        }
    }

    @Test
    void userQuotaIsSharedByTheUsersClientIds() throws Exception {
        try (QuotaStore store = store(entity("user", "alice"), "consumer_byte_rate", 100)) {
            QuotaManager m = new QuotaManager(store, time, 2, 1000, QuotaManager.DEFAULT_EXPIRE_MS);
            long now = time.milliseconds();
            assertThat(m.recordAndThrottleMs(ALICE, "a", QuotaType.FETCH, 100, now)).isZero();
            assertThat(m.recordAndThrottleMs(ALICE, "b", QuotaType.FETCH, 100, now)).isEqualTo(1000);
            assertThat(m.recordAndThrottleMs(BOB, "b", QuotaType.FETCH, 1e6, now)).isZero();
        }
    }

    @Test
    void idleWindowsExpire() throws Exception {
        try (QuotaStore store = store(entity("client-id", null), "producer_byte_rate", 100)) {
            QuotaManager m = new QuotaManager(store, time, 2, 1000, 5_000);
            m.recordAndThrottleMs(ALICE, "a", QuotaType.PRODUCE, 1, time.milliseconds());
            m.recordAndThrottleMs(ALICE, "b", QuotaType.PRODUCE, 1, time.milliseconds());
            assertThat(m.windowCount()).isEqualTo(2);
            time.advance(6_000);
            m.recordAndThrottleMs(ALICE, "c", QuotaType.PRODUCE, 1, time.milliseconds());
            assertThat(m.windowCount()).isEqualTo(1);
        }
    }
}
