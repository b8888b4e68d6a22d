package io.freshet.broker;

import io.freshet.storage.log.LogStoreConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerConfigTest {

    @Test
    void shouldKeepMetricsOnUnlessMetricsEnabledIsFalse() {
        assertThat(BrokerConfig.fromProperties(Map.of()).metricsEnabled()).isTrue();
        BrokerConfig off = BrokerConfig.fromProperties(Map.of("metrics.enabled", "false"));
        assertThat(off.metricsEnabled()).isFalse();
        assertThat(off.describe()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("metrics.enabled");
            assertThat(e.value()).isEqualTo("false");
            assertThat(e.isDefault()).isFalse();
        });
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("metrics.enabled", "off")))
            .hasMessageContaining("metrics.enabled");
    }

    @Test
    void shouldReadTheLogCleanerSettings() {
        assertThat(BrokerConfig.fromProperties(Map.of()).cleanerBackoffMs()).isEqualTo(15_000L);
        assertThat(BrokerConfig.fromProperties(Map.of("log.cleaner.backoff.ms", "200")).cleanerBackoffMs())
            .isEqualTo(200L);
        assertThat(BrokerConfig.fromProperties(Map.of("log.cleaner.enable", "false")).cleanerBackoffMs()).isZero();
        assertThat(BrokerConfig.fromProperties(Map.of("log.cleanup.policy", "compact,delete")).logDefaults().compact())
            .isTrue();
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.cleaner.backoff.ms", "0")))
            .hasMessageContaining("log.cleaner.backoff.ms");
    }

    @Test
    void shouldReadTheFreeSpaceReserve() {
        assertThat(BrokerConfig.fromProperties(Map.of()).minFreeBytes()).isEqualTo(64L * 1024 * 1024);
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("log.dir.min.free.bytes", "10737418240"));
        assertThat(config.minFreeBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(config.logStoreConfig().minFreeBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(BrokerConfig.fromProperties(Map.of("log.dir.min.free.bytes", "0")).minFreeBytes()).isZero();
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.dir.min.free.bytes", "-1")))
            .hasMessageContaining("log.dir.min.free.bytes");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.dir.min.free.bytes", "64MB")))
            .hasMessageContaining("log.dir.min.free.bytes");
    }

    @Test
    void shouldReadTheOpenSegmentFileBudgetDefaultingToHalfTheFileDescriptorLimit() {
        assertThat(BrokerConfig.fromProperties(Map.of()).logStoreConfig().openSegmentFilesMax())
            .isEqualTo(LogStoreConfig.DEFAULT_OPEN_SEGMENT_FILES_MAX);
        assertThat(BrokerConfig.fromProperties(Map.of("log.segment.open.files.max", "8")).logStoreConfig()
            .openSegmentFilesMax()).isEqualTo(8);
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.segment.open.files.max", "0")))
            .hasMessageContaining("log.segment.open.files.max");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.segment.open.files.max", "many")))
            .hasMessageContaining("log.segment.open.files.max");
    }

    @Test
    void shouldReadTheZeroFillDistanceDefaultingByTheDataDirectorysFileSystem() {
        BrokerConfig defaults = BrokerConfig.fromProperties(Map.of());
        // 4 MiB where the file system journals, 0 elsewhere (FileSystemJournalTest covers the detection)
        assertThat(defaults.logStoreConfig().zeroFillAheadBytes())
            .isEqualTo(LogStoreConfig.defaultZeroFillAheadBytes(defaults.dataDir()))
            .isIn(0, LogStoreConfig.JOURNALED_ZERO_FILL_AHEAD_BYTES);
        assertThat(BrokerConfig.fromProperties(Map.of("log.zero.fill.ahead.bytes", "0")).logStoreConfig()
            .zeroFillAheadBytes()).isZero();
        assertThat(BrokerConfig.fromProperties(Map.of("log.zero.fill.ahead.bytes", "4194304")).logStoreConfig()
            .zeroFillAheadBytes()).isEqualTo(4 * 1024 * 1024);
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.zero.fill.ahead.bytes", "-1")))
            .hasMessageContaining("log.zero.fill.ahead.bytes");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.zero.fill.ahead.bytes", "2147483647")))
            .hasMessageContaining("log.zero.fill.ahead.bytes");
    }

    @Test
    void shouldReadTheFsyncPoolSize() {
        assertThat(BrokerConfig.fromProperties(Map.of()).logStoreConfig().flushThreads())
            .isEqualTo(LogStoreConfig.DEFAULT_FLUSH_THREADS);
        assertThat(BrokerConfig.fromProperties(Map.of("log.flush.threads", "32")).logStoreConfig().flushThreads())
            .isEqualTo(32);
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.flush.threads", "0")))
            .hasMessageContaining("log.flush.threads");
    }

    @Test
    void shouldReadTheDeadLetterSettingsUnderKafkasNames() {
        BrokerConfig defaults = BrokerConfig.fromProperties(Map.of());
        assertThat(defaults.deadLetterConfig().topicNamePrefix()).isEqualTo("dlq.");
        assertThat(defaults.deadLetterConfig().autoCreateTopicsEnable()).isFalse();
        assertThat(defaults.describe()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("errors.deadletterqueue.topic.name.prefix");
            assertThat(e.value()).isEqualTo("dlq.");
            assertThat(e.isDefault()).isTrue();
        });
        BrokerConfig set = BrokerConfig.fromProperties(Map.of("errors.deadletterqueue.topic.name.prefix", "",
            "errors.deadletterqueue.auto.create.topics.enable", "true"));
        assertThat(set.deadLetterConfig().topicNamePrefix()).isEmpty();
        assertThat(set.deadLetterConfig().autoCreateTopicsEnable()).isTrue();
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of(
            "errors.deadletterqueue.auto.create.topics.enable", "yes")))
            .hasMessageContaining("errors.deadletterqueue.auto.create.topics.enable");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("errors.deadletterqueue.topic.name.prefix", "d/")))
            .hasMessageContaining("errors.deadletterqueue.topic.name.prefix");
    }

    @Test
    void shouldUseKafkaDefaultsWhenNothingIsSet() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9092);
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.autoCreateTopicsEnable()).isTrue();
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104_857_600);
        assertThat(config.logDefaults().segmentBytes()).isEqualTo(1024 * 1024 * 1024);
    }

    @Test
    void shouldReadKafkaKeyNamesIncludingListenersAndLogDefaults() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of(
            "listeners", "PLAINTEXT://localhost:19092", "log.dirs", "/tmp/freshet-x", "node.id", "3",
            "num.partitions", "4", "auto.create.topics.enable", "false", "log.retention.hours", "2",
            "log.segment.bytes", "1048576", "message.max.bytes", "2000000"));
        assertThat(config.host()).isEqualTo("localhost");
        assertThat(config.port()).isEqualTo(19092);
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/freshet-x"));
        assertThat(config.nodeId()).isEqualTo(3);
        assertThat(config.numPartitions()).isEqualTo(4);
        assertThat(config.autoCreateTopicsEnable()).isFalse();
        assertThat(config.logDefaults().retentionMs()).isEqualTo(2 * 3_600_000L);
        assertThat(config.logDefaults().segmentBytes()).isEqualTo(1_048_576);
        assertThat(config.logDefaults().maxMessageBytes()).isEqualTo(2_000_000);
    }

    @Test
    void shouldReadTheTransactionCoordinatorKeys() {
        assertThat(BrokerConfig.fromProperties(Map.of()).transactionConfig().maxTimeoutMs()).isEqualTo(900_000);
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("transaction.max.timeout.ms", "60000",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500",
            "transactional.id.expiration.ms", "3600000"));
        assertThat(config.transactionConfig().maxTimeoutMs()).isEqualTo(60_000);
        assertThat(config.transactionConfig().abortCheckIntervalMs()).isEqualTo(500);
        assertThat(config.transactionConfig().idExpirationMs()).isEqualTo(3_600_000);
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("transaction.max.timeout.ms", "0")))
            .hasMessageContaining("transaction.max.timeout.ms");
    }

    @Test
    void shouldReadTheMemoryTopicPrefix() {
        assertThat(BrokerConfig.fromProperties(Map.of()).memoryTopicPrefix()).as("off by default").isEmpty();
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("freshet.memory.topic.prefix", "live."));
        assertThat(config.memoryTopicPrefix()).isEqualTo("live.");
        assertThat(config.topicDefaults().memoryTopicPrefix()).isEqualTo("live.");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("freshet.memory.topic.prefix", "live/")))
            .hasMessageContaining("freshet.memory.topic.prefix");
    }

    @Test
    void shouldAcceptHostAndPortKeysAndEphemeralPort() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("host", "localhost", "port", "0"));
        assertThat(config.host()).isEqualTo("localhost");
        assertThat(config.port()).isZero();
        assertThat(config.advertisedHost()).isEqualTo("localhost");
        assertThat(config.advertisedPort(40000)).isEqualTo(40000);
    }

    @Test
    void shouldAdvertiseAdvertisedListenersAndRefuseAWildcardWithoutThem() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://0.0.0.0:9092",
            "advertised.listeners", "PLAINTEXT://broker.example:19092"));
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.advertisedHost()).isEqualTo("broker.example");
        assertThat(config.advertisedPort(9092)).isEqualTo(19092);
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://0.0.0.0:9092")))
            .hasMessageContaining("advertised.listeners");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidValue() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("num.partitions", "zero")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("num.partitions");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("port", "70000")))
            .hasMessageContaining("port");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("auto.create.topics.enable", "yes")))
            .hasMessageContaining("auto.create.topics.enable");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "SSL://h:1")))
            .hasMessageContaining("listeners");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.dirs", "/a,/b")))
            .hasMessageContaining("log.dirs");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.retention.ms", "soon")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDescribeSetKeysAsNonDefault() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("num.partitions", "3", "log.retention.ms", "5"));
        assertThat(config.describe()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("num.partitions");
            assertThat(e.value()).isEqualTo("3");
            assertThat(e.isDefault()).isFalse();
        });
        assertThat(config.describe()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("socket.request.max.bytes");
            assertThat(e.isDefault()).isTrue();
        });
        assertThat(config.describe()).anySatisfy(e -> assertThat(e.name()).isEqualTo("log.retention.ms"));
    }

    @Test
    void shouldDescribeTheDefaultReplicationFactorOfOneBroker() {
        // Kafka's DescribeConfigs lists it; tools and tests read it to know what a topic created without one gets.
        assertThat(BrokerConfig.fromProperties(Map.of()).describe()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("default.replication.factor");
            assertThat(e.value()).isEqualTo("1");
            assertThat(e.isDefault()).isTrue();
        });
    }
}
