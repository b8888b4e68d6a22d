package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.freshet.testkit.FreshetExtension;

import org.awaitility.Awaitility;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic administration with the Java Admin client; what it changes survives a restart. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminApiTest {

    private static final long TIMEOUT_S = 30;

    /** What Apache Kafka 4.4 (single-node KRaft) lists for a topic in DescribeConfigs, checked against it. */
    private static final List<String> KAFKA_TOPIC_CONFIGS = List.of("cleanup.policy", "compression.gzip.level",
            "compression.lz4.level", "compression.type", "compression.zstd.level", "delete.retention.ms",
            "errors.deadletterqueue.group.enable", "file.delete.delay.ms", "flush.messages", "flush.ms",
            "follower.replication.throttled.replicas", "index.interval.bytes", "leader.replication.throttled.replicas",
            "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.decompressed.message.bytes",
            "max.message.bytes", "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
            "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas",
            "preallocate", "remote.copy.lag.bytes", "remote.copy.lag.ms", "remote.log.copy.disable",
            "remote.log.delete.on.disable", "remote.storage.enable", "retention.bytes", "retention.ms",
            "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms",
            "unclean.leader.election.enable");

    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest();

    private Admin admin;

    @BeforeEach
    void start() {
        admin = KafkaClients.admin(freshet.bootstrapServers());
    }

    @AfterEach
    void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldCreateDescribeListAndDeleteTopics() throws Exception {
        String orders = UniqueNames.of("orders");
        String payments = UniqueNames.of("payments");
        admin.createTopics(List.of(new NewTopic(orders, 3, (short) 1), new NewTopic(payments, Optional.empty(),
                Optional.empty()))).all().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(listedOnceSettled("both listed",
                names -> names.contains(orders) && names.contains(payments)))
                .contains(orders, payments);
        TopicDescription described = describe(orders);
        assertThat(described.partitions()).hasSize(3);
        assertThat(described.partitions()).allSatisfy(p -> {
            assertThat(p.leader()).as("leader of partition %d", p.partition()).isNotNull();
            assertThat(p.replicas()).hasSize(1);
            assertThat(p.isr()).hasSize(1);
        });
        assertThat(describe(payments).partitions()).as("num.partitions default").hasSize(1);

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(orders, 3, (short) 1))).all()
                .get(TIMEOUT_S, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicExistsException.class);

        produce(orders, 0, 5);
        admin.deleteTopics(List.of(orders)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(listedOnceSettled("deleted " + orders + " unlisted", names -> !names.contains(orders)))
                .doesNotContain(orders).contains(payments);
        Awaitility.await("deleted " + orders + " unknown").atMost(Duration.ofSeconds(TIMEOUT_S))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThatThrownBy(() -> describe(orders))
                        .hasCauseInstanceOf(UnknownTopicOrPartitionException.class));
        assertThatThrownBy(() -> admin.deleteTopics(List.of(orders)).all().get(TIMEOUT_S, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);

        admin.createTopics(List.of(new NewTopic(orders, 1, (short) 1))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        // Kafka's broker takes up the re-created partition a moment after CreateTopics answers: ask until it does.
        long latest = Awaitility.await("re-created " + orders + " served").atMost(Duration.ofSeconds(TIMEOUT_S))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> latestOffset(new TopicPartition(orders, 0)), offset -> offset >= 0);
        assertThat(latest).as("a re-created topic starts empty").isZero();
    }

    @Test
    void shouldDescribeEveryTopicConfigWithKafkasDefaults() throws Exception {
        admin.createTopics(List.of(new NewTopic("described", 1, (short) 1)
                .configs(Map.of("retention.ms", "3600000")))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Config config = topicConfig("described");

        ConfigEntry retention = config.get("retention.ms");
        assertThat(retention.value()).isEqualTo("3600000");
        assertThat(retention.isDefault()).isFalse();
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        assertDefault(config, "segment.bytes", "1073741824");
        assertDefault(config, "retention.bytes", "-1");
        assertDefault(config, "cleanup.policy", "delete");
        assertDefault(config, "max.message.bytes", "1048588");
        assertDefault(config, "message.timestamp.type", "CreateTime");
        assertDefault(config, "segment.ms", "604800000");
        assertDefault(config, "compression.type", "producer");

        admin.createTopics(List.of(new NewTopic("plain", 1, (short) 1))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertDefault(topicConfig("plain"), "retention.ms", "604800000");
        assertThat(config.entries()).extracting(ConfigEntry::name).as("every topic config is described")
                .containsAll(KAFKA_TOPIC_CONFIGS);
    }

    @Test
    void shouldPersistIncrementalConfigChangesAndPartitionsAndLogStartAcrossRestart() throws Exception {
        admin.createTopics(List.of(new NewTopic("altered", 2, (short) 1)
                .configs(Map.of("retention.ms", "3600000", "segment.bytes", "1048576"))))
                .all().get(TIMEOUT_S, TimeUnit.SECONDS);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "altered");
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1234567"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.message.bytes", "2048"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("segment.bytes", ""), AlterConfigOp.OpType.DELETE))))
                .all().get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitAltered("altered");

        admin.createPartitions(Map.of("altered", NewPartitions.increaseTo(5))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(describe("altered").partitions()).hasSize(5);
        RecordMetadata onNewPartition = produce("altered", 4, 1);
        assertThat(onNewPartition.partition()).isEqualTo(4);
        assertThat(onNewPartition.offset()).isZero();

        TopicPartition tp0 = new TopicPartition("altered", 0);
        produce("altered", 0, 100);
        Map<TopicPartition, org.apache.kafka.common.KafkaFuture<DeletedRecords>> deleted = admin.deleteRecords(Map.of(tp0, RecordsToDelete.beforeOffset(40)))
                .lowWatermarks();
        assertThat(deleted.get(tp0).get(TIMEOUT_S, TimeUnit.SECONDS).lowWatermark()).isEqualTo(40);
        assertLogStartsAt(tp0, 40, 100);

        String clusterId = admin.describeCluster().clusterId().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(clusterId).isNotBlank();

        freshet.broker().restart(); // skips the rest of the test against an external broker

        assertThat(admin.describeCluster().clusterId().get(TIMEOUT_S, TimeUnit.SECONDS))
                .as("cluster id across restart").isEqualTo(clusterId);
        assertThat(admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS))
                .singleElement().satisfies(node -> {
                    assertThat(node.host()).isEqualTo("127.0.0.1");
                    assertThat(node.port()).isEqualTo(freshet.bootstrapPort());
                });
        awaitAltered("altered");
        assertThat(describe("altered").partitions()).as("partitions after restart").hasSize(5);
        assertLogStartsAt(tp0, 40, 100);
    }

    @Test
    void shouldRejectDeleteRecordsBeyondTheHighWatermark() throws Exception {
        admin.createTopics(List.of(new NewTopic("short", 1, (short) 1))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        TopicPartition tp = new TopicPartition("short", 0);
        produce("short", 0, 10);
        assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(11))).all()
                .get(TIMEOUT_S, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class);
        assertThat(earliestOffset(tp)).isZero();
    }

    /** Kafka applies config changes through its metadata log, a moment later; Freshet may be immediate. */
    private void awaitAltered(String topic) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertAltered(topicConfig(topic)));
    }

    private void assertAltered(Config config) {
        assertThat(config.get("retention.ms").value()).isEqualTo("1234567");
        assertThat(config.get("retention.ms").isDefault()).isFalse();
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2048");
        assertDefault(config, "segment.bytes", "1073741824");
    }

    private void assertLogStartsAt(TopicPartition tp, long logStart, long end) throws Exception {
        assertThat(earliestOffset(tp)).as("earliest offset of %s", tp).isEqualTo(logStart);
        assertThat(latestOffset(tp)).as("latest offset of %s", tp).isEqualTo(end);
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.position(tp, Duration.ofSeconds(TIMEOUT_S))).isEqualTo(logStart);
            List<ConsumerRecord<String, String>> read = KafkaClients.readUntil(consumer, Map.of(tp, end),
                    Duration.ofSeconds(TIMEOUT_S));
            assertThat(read).hasSize((int) (end - logStart));
            assertThat(read.get(0).offset()).isEqualTo(logStart);
            assertThat(read.get(0).value()).isEqualTo("v" + logStart);
        }
    }

    private static void assertDefault(Config config, String name, String value) {
        ConfigEntry entry = config.get(name);
        assertThat(entry).as("config %s described", name).isNotNull();
        assertThat(entry.value()).as("default of %s", name).isEqualTo(value);
        assertThat(entry.isDefault()).as("%s is a default", name).isTrue();
    }

    /**
     * The topic names listed, once {@code settled} holds for them: on a Kafka cluster the broker asked learns of a
     * topic created or deleted a moment after the controller answered; Freshet lists it at once.
     */
    private Set<String> listedOnceSettled(String what, Predicate<Set<String>> settled) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(TIMEOUT_S)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS), settled);
    }

    /**
     * The topic's configs. On a Kafka cluster the broker asked may learn of a topic just created a moment after
     * CreateTopics returned (UNKNOWN_TOPIC_OR_PARTITION until then), so a new topic is waited for; Freshet answers at
     * once.
     */
    private Config topicConfig(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return Awaitility.await("configs of " + topic).atMost(Duration.ofSeconds(TIMEOUT_S))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
                .until(() -> admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_S, TimeUnit.SECONDS)
                        .get(resource), java.util.Objects::nonNull);
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
    }

    private long earliestOffset(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                .get(TIMEOUT_S, TimeUnit.SECONDS).offset();
    }

    private long latestOffset(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                .get(TIMEOUT_S, TimeUnit.SECONDS).offset();
    }

    /** Produces v&lt;offset&gt; values (assuming the partition starts empty); returns the last record's metadata. */
    private RecordMetadata produce(String topic, int partition, int count) throws Exception {
        RecordMetadata last = null;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            for (int i = 0; i < count; i++) {
                last = producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i)).get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
        return last;
    }
}
