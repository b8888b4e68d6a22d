package io.freshet.broker.deadletter;

import ch.qos.logback.classic.Level;
import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.coordinator.share.DeadLetters.Reason;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.storage.testing.LogLines;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter writer on a real broker: what a consumer of the dead-letter topic reads, compared with what
 * Kafka 4.4 wrote in the same situations (docs/dead-letters-kafka-4.4.md).
 */
@Timeout(60)
class DeadLetterWriterTest {

    private static final long OLD_TIMESTAMP = 1_000_000_000_000L;

    @TempDir
    static Path dataDir;

    private static FreshetBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "num.partitions", "1")));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort()));
        create("src", 4, Map.of());
        // Three records in one gzip batch on partition 3: reading them back means decompressing.
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] key = i == 2 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>("src", 3, OLD_TIMESTAMP + i, key,
                    ("v" + i).getBytes(StandardCharsets.UTF_8),
                    List.<Header>of(new RecordHeader("orig", ("h" + i).getBytes(StandardCharsets.UTF_8))))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void copiesKeyAndValueWithKafkasHeadersToSourcePartitionModuloPartitionCount() throws Exception {
        create("dlq.copy", 2, Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true"));
        long before = System.currentTimeMillis();

        broker.deadLetters().archived(key("g-copy"), 0, 0, (short) 1, Reason.REJECTED, settings("dlq.copy", true));
        broker.deadLetters().archived(key("g-copy"), 1, 2, (short) 2, Reason.DELIVERY_COUNT_EXCEEDED,
            settings("dlq.copy", true));

        List<ConsumerRecord<byte[], byte[]>> letters = read(new TopicPartition("dlq.copy", 1), 3);
        assertThat(letters).extracting(r -> text(r.key())).containsExactly("k0", "k1", null);
        assertThat(letters).extracting(r -> text(r.value())).containsExactly("v0", "v1", "v2");
        assertThat(headers(letters.get(0))).containsExactly(
            "__dlq.errors.topic=src", "__dlq.errors.partition=3", "__dlq.errors.offset=0",
            "__dlq.errors.group=g-copy", "__dlq.errors.delivery.count=1",
            "__dlq.errors.message=Offset rejected by client.");
        assertThat(headers(letters.get(2))).containsExactly(
            "__dlq.errors.topic=src", "__dlq.errors.partition=3", "__dlq.errors.offset=2",
            "__dlq.errors.group=g-copy", "__dlq.errors.delivery.count=2",
            "__dlq.errors.message=Offset delivery count exceeded the threshold.");
        // The broker's clock, not the source record's timestamp; CreateTime.
        assertThat(letters).allSatisfy(r -> {
            assertThat(r.timestamp()).isGreaterThanOrEqualTo(before);
            assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        });
        assertThat(endOffset(new TopicPartition("dlq.copy", 0))).isZero();
    }

    @Test
    void withoutCopyWritesAReferenceWithNeitherKeyNorValue() throws Exception {
        create("dlq.ref", 1, Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true"));

        broker.deadLetters().archived(key("g-ref"), 1, 1, (short) 3, Reason.REJECTED, settings("dlq.ref", false));

        ConsumerRecord<byte[], byte[]> letter = read(new TopicPartition("dlq.ref", 0), 1).get(0);
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(headers(letter)).containsExactly(
            "__dlq.errors.topic=src", "__dlq.errors.partition=3", "__dlq.errors.offset=1",
            "__dlq.errors.group=g-ref", "__dlq.errors.delivery.count=3",
            "__dlq.errors.message=Offset rejected by client.");
    }

    @Test
    void aTopicThatBreaksARuleGetsNothingAndTheProblemIsLoggedOncePerGroup() throws Exception {
        create("dlq.flag-off", 1, Map.of());
        create("no-prefix", 1, Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true"));
        create("dlq.rules-ok", 1, Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true"));
        try (LogLines lines = new LogLines(DeadLetterWriter.class)) {
            for (int i = 0; i < 2; i++) {
                broker.deadLetters().archived(key("g-off"), 0, 0, (short) 1, Reason.REJECTED,
                    settings("dlq.flag-off", true));
                broker.deadLetters().archived(key("g-prefix"), 0, 0, (short) 1, Reason.REJECTED,
                    settings("no-prefix", true));
                broker.deadLetters().archived(key("g-missing"), 0, 0, (short) 1, Reason.REJECTED,
                    settings("dlq.missing", true));
            }
            // One writer thread, in order: once this one is readable, the six above were handled.
            broker.deadLetters().archived(key("g-ok"), 0, 0, (short) 1, Reason.REJECTED,
                settings("dlq.rules-ok", true));
            read(new TopicPartition("dlq.rules-ok", 0), 1);

            assertThat(endOffset(new TopicPartition("dlq.flag-off", 0))).isZero();
            assertThat(endOffset(new TopicPartition("no-prefix", 0))).isZero();
            assertThat(admin.listTopics().names().get()).doesNotContain("dlq.missing");
            assertThat(lines.at(Level.WARN)).containsExactly(
                "Dead letters not written (the records stay archived): DLQ is not enabled on configured DLQ topic "
                    + "for share group: g-off, topic: dlq.flag-off.",
                "Dead letters not written (the records stay archived): Configured DLQ topic name does not comply "
                    + "with the DLQ topic prefix in share group: g-prefix, topic: no-prefix, prefix: dlq..",
                "Dead letters not written (the records stay archived): DLQ topic does not exist and auto create is "
                    + "disabled on cluster for share group: g-missing, topic: dlq.missing.");
        }
    }

    @Test
    void lettersLargerTogetherThanMaxMessageBytesAreCutIntoSeveralBatches() throws Exception {
        create("big-src", 1, Map.of());
        byte[] value = new byte[600];
        Arrays.fill(value, (byte) 'x');
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("big-src", 0, null, value)).get();
            }
        }
        create("dlq.small", 1, Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true", "max.message.bytes", "1500"));
        ShareKey key = new ShareKey("g-big", topicId("big-src"), new TopicPartition("big-src", 0));

        broker.deadLetters().archived(key, 0, 4, (short) 1, Reason.REJECTED, settings("dlq.small", true));

        assertThat(read(new TopicPartition("dlq.small", 0), 5)).extracting(r -> r.value().length)
            .containsOnly(600);
    }

    @Test
    void aRecordNoLongerInTheLogIsWrittenWithHeadersOnlyEvenWhenCopying() throws Exception {
        create("gone-src", 1, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            for (int i = 0; i < 2; i++) {
                producer.send(new ProducerRecord<>("gone-src", 0, ("k" + i).getBytes(), ("v" + i).getBytes())).get();
            }
        }
        TopicPartition source = new TopicPartition("gone-src", 0);
        admin.deleteRecords(Map.of(source, RecordsToDelete.beforeOffset(1))).all().get();
        create("dlq.gone", 1, Map.of(DeadLetterRules.TOPIC_GROUP_ENABLE, "true"));

        broker.deadLetters().archived(new ShareKey("g-gone", topicId("gone-src"), source), 0, 1, (short) 1,
            Reason.REJECTED, settings("dlq.gone", true));

        List<ConsumerRecord<byte[], byte[]>> letters = read(new TopicPartition("dlq.gone", 0), 2);
        assertThat(letters).extracting(r -> text(r.value())).containsExactly(null, "v1");
        assertThat(letters).extracting(r -> headers(r).get(2))
            .containsExactly("__dlq.errors.offset=0", "__dlq.errors.offset=1");
    }

    @Test
    void theGroupConfigRefusesOnlyANameStartingWithTwoUnderscores() {
        assertThatThrownBy(() -> DeadLetterRules.checkGroupTopicName("__consumer_offsets"))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("errors.deadletterqueue.topic.name: DLQ topic name must not start with '__'");
        DeadLetterRules.checkGroupTopicName("no-prefix");
        DeadLetterRules.checkGroupTopicName("dlq.does-not-exist");
        DeadLetterRules.checkGroupTopicName("");
    }

    @Test
    void withAutoCreateAndNoPrefixAMissingTopicIsCreatedWithTheFlagAndTheBrokersPartitionCount(@TempDir Path dir)
        throws Exception {
        try (FreshetBroker other = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0",
                "log.dirs", dir.toString(), "num.partitions", "2",
                DeadLetterConfig.AUTO_CREATE_TOPICS_ENABLE, "true", DeadLetterConfig.TOPIC_NAME_PREFIX, "")));
             Admin otherAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                 "127.0.0.1:" + other.boundPort()))) {
            otherAdmin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
            try (KafkaProducer<byte[], byte[]> producer = producer(other)) {
                producer.send(new ProducerRecord<>("orders", 0, "k".getBytes(), "v".getBytes())).get();
            }
            ShareKey key = new ShareKey("g-auto", otherAdmin.describeTopics(List.of("orders")).allTopicNames().get()
                .get("orders").topicId(), new TopicPartition("orders", 0));

            other.deadLetters().archived(key, 0, 0, (short) 1, Reason.REJECTED, settings("orders-dead", true));

            await().atMost(Duration.ofSeconds(10)).until(() -> other.deadLetters().written() == 1);
            TopicDescription created = otherAdmin.describeTopics(List.of("orders-dead")).allTopicNames().get()
                .get("orders-dead");
            assertThat(created.partitions()).hasSize(2);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders-dead");
            assertThat(otherAdmin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(DeadLetterRules.TOPIC_GROUP_ENABLE).value()).isEqualTo("true");
        }
    }

    private static ShareGroupSettings settings(String topic, boolean copy) {
        ShareGroupSettings d = ShareGroupSettings.defaults();
        return new ShareGroupSettings(d.autoOffsetReset(), d.recordLockDurationMs(), d.deliveryCountLimit(),
            d.renewAcknowledgeEnable(), topic, copy, d.releaseBackoffMs(), d.releaseBackoffMaxMs());
    }

    private static ShareKey key(String group) throws Exception {
        return new ShareKey(group, topicId("src"), new TopicPartition("src", 3));
    }

    private static org.apache.kafka.common.Uuid topicId(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
    }

    private static void create(String topic, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
    }

    private static KafkaProducer<byte[], byte[]> producer(FreshetBroker target) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + target.boundPort());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(TopicPartition tp, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
            assertThat(records).hasSize(count);
            return records;
        }
    }

    private static long endOffset(TopicPartition tp) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> out = new ArrayList<>();
        for (Header h : record.headers()) {
            out.add(h.key() + "=" + text(h.value()));
        }
        return out;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
