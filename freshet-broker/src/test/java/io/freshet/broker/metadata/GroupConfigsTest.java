package io.freshet.broker.metadata;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.ShareGroupDefaults;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group configs: the settings the share coordinator reads, validation against the broker's bounds, the file. */
class GroupConfigsTest {

    @TempDir
    Path dir;

    private GroupConfigs open(ShareGroupDefaults defaults) throws Exception {
        return GroupConfigs.open(StorageIo.SYSTEM, dir, defaults);
    }

    private static Map<String, String> with(Map<String, String> current, String key, String value) {
        Map<String, String> next = new HashMap<>(current);
        next.put(key, value);
        return next;
    }

    @Test
    void aGroupWithoutConfigsHasKafkasDefaults() throws Exception {
        ShareGroupSettings settings = open(ShareGroupDefaults.defaults()).settings("any");
        assertThat(settings.autoOffsetReset()).isEqualTo("latest");
        assertThat(settings.recordLockDurationMs()).isEqualTo(30_000);
        assertThat(settings.deliveryCountLimit()).isEqualTo(5);
        assertThat(settings.deadLetterTopic()).isNull();
        assertThat(settings.releaseBackoffMs()).isZero();
        assertThat(settings.releaseBackoffMaxMs()).isEqualTo(60_000);
    }

    @Test
    void overridesReachTheSettingsAndSurviveAReopen() throws Exception {
        GroupConfigs configs = open(ShareGroupDefaults.defaults());
        configs.alter("g", c -> with(with(with(c, "share.delivery.count.limit", "3"),
            "errors.deadletterqueue.topic.name", "dlq.g"), "freshet.share.release.backoff.ms", "1000"), false);
        configs.alter("g", c -> with(c, "share.session.timeout.ms", "50000"), false);

        GroupConfigs reopened = open(ShareGroupDefaults.defaults());
        ShareGroupSettings settings = reopened.settings("g");
        assertThat(settings.deliveryCountLimit()).isEqualTo(3);
        assertThat(settings.deadLetterTopic()).isEqualTo("dlq.g");
        assertThat(settings.releaseBackoffMs()).isEqualTo(1_000);
        assertThat(reopened.sessionTimeoutMs("g")).isEqualTo(50_000);
        assertThat(reopened.sessionTimeoutMs("other")).isEqualTo(45_000);
        assertThat(reopened.settings("other").deliveryCountLimit()).isEqualTo(5);
    }

    @Test
    void aBadValueChangesNothing() throws Exception {
        GroupConfigs configs = open(ShareGroupDefaults.defaults());
        assertThatThrownBy(() -> configs.alter("g", c -> with(with(c, "share.delivery.count.limit", "3"),
            "share.record.lock.duration.ms", "70000"), false))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive.");
        assertThat(configs.overrides("g")).isEmpty();
        assertThat(Files.exists(dir.resolve("group-configs.json"))).isFalse();
        configs.alter("g", c -> with(c, "share.delivery.count.limit", "4"), true); // validate only
        assertThat(configs.settings("g").deliveryCountLimit()).isEqualTo(5);
    }

    @Test
    void theBrokersGroupShareKeysSetDefaultsAndBounds() throws Exception {
        BrokerConfig broker = BrokerConfig.fromProperties(Map.of("group.share.record.lock.duration.ms", "20000",
            "group.share.max.record.lock.duration.ms", "120000"));
        GroupConfigs configs = open(broker.shareGroupDefaults());
        assertThat(configs.settings("g").recordLockDurationMs()).isEqualTo(20_000);
        configs.alter("g", c -> with(c, "share.record.lock.duration.ms", "100000"), false);
        assertThat(configs.settings("g").recordLockDurationMs()).isEqualTo(100_000);

        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("group.share.delivery.count.limit", "20")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group.share.delivery.count.limit");
    }

    @Test
    void aCorruptFileStopsTheStartWithAMessage() throws Exception {
        open(ShareGroupDefaults.defaults()).alter("g", c -> with(c, "share.delivery.count.limit", "3"), false);
        Path file = dir.resolve("group-configs.json");
        Files.writeString(file, Files.readString(file).replace("\"3\"", "\"4\""));
        assertThatThrownBy(() -> open(ShareGroupDefaults.defaults())).hasMessageContaining("corrupt (CRC mismatch)");
    }
}
