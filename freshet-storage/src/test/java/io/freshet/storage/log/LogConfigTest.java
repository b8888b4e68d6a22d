package io.freshet.storage.log;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogConfigTest {

    @Test
    void shouldMapBrokerKeysToTopicDefaults() {
        LogConfig config = LogConfig.fromBrokerProperties(Map.of("log.segment.bytes", "4096",
            "log.retention.hours", "2", "log.flush.interval.ms", "50", "node.id", "1"));
        assertThat(config.segmentBytes()).isEqualTo(4096);
        assertThat(config.retentionMs()).isEqualTo(7_200_000L);
        assertThat(config.flushMs()).isEqualTo(50);
        assertThat(config.overrides()).isEmpty();
    }

    @Test
    void shouldPreferTheFinestRetentionKey() {
        LogConfig config = LogConfig.fromBrokerProperties(Map.of("log.retention.ms", "1000",
            "log.retention.hours", "2"));
        assertThat(config.retentionMs()).isEqualTo(1000);
    }

    @Test
    void shouldNameTheBrokerKeyInErrors() {
        assertThatThrownBy(() -> LogConfig.fromBrokerProperties(Map.of("log.segment.bytes", "abc")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("log.segment.bytes");
    }

    @Test
    void shouldRejectUnknownKeysAndBadValuesInTopicOverrides() {
        LogConfig defaults = LogConfig.defaults();
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("no.such.key", "1")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no.such.key");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("segment.bytes", "-5")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes");
        assertThatThrownBy(() -> defaults.withOverrides(Map.of("cleanup.policy", "shred")))
            .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void shouldAcceptEveryCleanupPolicyKafkaAccepts() {
        LogConfig defaults = LogConfig.defaults();
        assertThat(defaults.compact()).isFalse();
        assertThat(defaults.deleteByRetention()).isTrue();
        LogConfig compact = defaults.withOverrides(Map.of("cleanup.policy", "compact"));
        assertThat(compact.compact()).isTrue();
        assertThat(compact.deleteByRetention()).isFalse();
        for (String both : new String[]{"compact,delete", "delete,compact", "delete, compact"}) {
            LogConfig config = defaults.withOverrides(Map.of("cleanup.policy", both));
            assertThat(config.compact()).as(both).isTrue();
            assertThat(config.deleteByRetention()).as(both).isTrue();
        }
        LogConfig broker = LogConfig.fromBrokerProperties(Map.of("log.cleanup.policy", "compact",
            "log.cleaner.delete.retention.ms", "5000", "log.cleaner.min.cleanable.ratio", "0.2"));
        assertThat(broker.compact()).isTrue();
        assertThat(broker.deleteRetentionMs()).isEqualTo(5000L);
        assertThat(broker.minCleanableDirtyRatio()).isEqualTo(0.2);
        assertThat(broker.withOverrides(Map.of("cleanup.policy", "delete")).compact()).isFalse();
    }

    @Test
    void shouldDescribeEveryKeyWithItsSource() {
        LogConfig config = LogConfig.fromBrokerProperties(Map.of("log.retention.ms", "1000"))
            .withOverrides(Map.of("segment.bytes", "8192"));
        var byName = config.describe().stream()
            .collect(java.util.stream.Collectors.toMap(LogConfig.Entry::name, e -> e));
        assertThat(byName).containsKeys("retention.ms", "segment.bytes", "cleanup.policy", "max.message.bytes");
        assertThat(byName.get("segment.bytes").value()).isEqualTo("8192");
        assertThat(byName.get("segment.bytes").isDefault()).isFalse();
        assertThat(byName.get("retention.ms").brokerOverride()).isTrue();
        assertThat(byName.get("retention.ms").value()).isEqualTo("1000");
        assertThat(byName.get("max.message.bytes").value()).isEqualTo("1048588");
    }

    @Test
    void shouldTakeDiskOrMemoryStorageAndBoundAMemoryTopic() {
        LogConfig broker = LogConfig.fromBrokerProperties(Map.of("log.retention.bytes", "1000000000"));
        assertThat(broker.inMemory()).isFalse();
        assertThat(broker.withOverrides(Map.of("freshet.storage", "disk")).inMemory()).isFalse();

        LogConfig memory = broker.withOverrides(Map.of("freshet.storage", "memory"));
        assertThat(memory.inMemory()).isTrue();
        assertThat(memory.retentionBytes()).as("64 MiB per partition unless the topic says otherwise")
            .isEqualTo(64L * 1024 * 1024);
        var byName = memory.describe().stream()
            .collect(java.util.stream.Collectors.toMap(LogConfig.Entry::name, e -> e));
        assertThat(byName.get("freshet.storage").value()).isEqualTo("memory");
        assertThat(byName.get("freshet.storage").isDefault()).isFalse();
        assertThat(byName.get("retention.bytes").value()).isEqualTo("67108864");
        assertThat(byName.get("retention.bytes").brokerOverride()).isFalse();
        assertThat(broker.withOverrides(Map.of("freshet.storage", "memory", "retention.bytes", "4096"))
            .retentionBytes()).isEqualTo(4096);

        assertThatThrownBy(() -> broker.withOverrides(Map.of("freshet.storage", "ram")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("freshet.storage");
        assertThatThrownBy(() -> broker.withOverrides(Map.of("freshet.storage", "memory", "retention.bytes", "-1")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("must be bounded");
        assertThatThrownBy(() -> broker.withOverrides(Map.of("freshet.storage", "memory",
            "cleanup.policy", "compact,delete")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("compact");
    }
}
