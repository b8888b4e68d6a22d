package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory topics ({@code freshet.storage=memory}) through the official Java client and Kafka Streams: pub/sub
 * semantics (a consumer at latest gets what is produced from then on, a late one none of what came before, one
 * that falls behind the ring gets OFFSET_OUT_OF_RANGE), creation by CreateTopics and by the broker's prefix rule,
 * config validation, transactions, and nothing of the records on disk. Restarts: {@link MemoryTopicRestartTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@FreshetOnly("memory (pub/sub) topics are Freshet's")
class MemoryTopicTest {

    private static final Map<String, String> MEMORY = Map.of("freshet.storage", "memory");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass()
            .withProperty("freshet.memory.topic.prefix", "live.")
            .withProperty("group.initial.rebalance.delay.ms", "0");

    private Admin admin;

    @BeforeEach
    void openAdmin() {
        admin = KafkaClients.admin(FRESHET.bootstrapServers());
    }

    @AfterEach
    void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void aConsumerAtLatestGetsEveryRecordProducedAfterItAndALateOneNoneOfTheEarlierOnes() throws Exception {
        String topic = "pubsub-latest";
        create(topic, MEMORY);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> early = atLatest(tp);
                KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers())) {
            assertThat(early.position(tp)).isZero();
            produce(producer, topic, "first-", 100);

            List<ConsumerRecord<String, String>> got = poll(early, 100);
            assertThat(got).extracting(ConsumerRecord::value).containsExactlyElementsOf(values("first-", 100));
            assertThat(got).extracting(ConsumerRecord::offset).containsExactlyElementsOf(offsets(0, 100));

            try (KafkaConsumer<String, String> late = atLatest(tp)) {
                assertThat(late.position(tp)).isEqualTo(100);
                produce(producer, topic, "second-", 10);
                assertThat(poll(late, 10)).extracting(ConsumerRecord::value)
                        .containsExactlyElementsOf(values("second-", 10));
                assertThat(poll(early, 10)).extracting(ConsumerRecord::value)
                        .containsExactlyElementsOf(values("second-", 10));
            }
        }
    }

    @Test
    void aConsumerBehindTheRingGetsOffsetOutOfRangeAndEarliestIsWhatTheRingHolds() throws Exception {
        String topic = "pubsub-ring";
        create(topic, Map.of("freshet.storage", "memory", "retention.bytes", "16384"));
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers(),
                Map.of("linger.ms", 0));
                KafkaConsumer<String, String> strict = KafkaClients.consumer(FRESHET.bootstrapServers(),
                        Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            producer.send(new ProducerRecord<>(topic, "k", "the first")).get();
            strict.assign(List.of(tp));
            strict.seek(tp, 0);
            for (int i = 0; i < 1_000; i++) { // one at a time: batches of one record, so the ring's share is known
                producer.send(new ProducerRecord<>(topic, "k", String.format("record-%04d-%s", i, "x".repeat(60))))
                        .get();
            }

            long start = admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all()
                    .get(30, TimeUnit.SECONDS).get(tp).offset();
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all()
                    .get(30, TimeUnit.SECONDS).get(tp).offset();
            assertThat(end).isEqualTo(1_001);
            assertThat(start).as("the ring dropped the oldest records").isGreaterThan(800);
            assertThatThrownBy(() -> strict.poll(TIMEOUT)).isInstanceOf(OffsetOutOfRangeException.class);

            try (KafkaConsumer<String, String> earliest = KafkaClients.consumer(FRESHET.bootstrapServers())) {
                earliest.assign(List.of(tp));
                earliest.seek(tp, 0); // out of range: auto.offset.reset=earliest moves it to the ring's start
                List<ConsumerRecord<String, String>> held = poll(earliest, (int) (end - start));
                assertThat(held).extracting(ConsumerRecord::offset).containsExactlyElementsOf(offsets(start, end));
                assertThat(held.get(held.size() - 1).value()).startsWith("record-0999-");
            }
        }
    }

    @Test
    void aTopicAutoCreatedUnderThePrefixIsAMemoryTopicWithNothingOnDisk() throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers(),
                Map.of("linger.ms", 0))) {
            for (String value : values("price-", 50)) { // one record per batch: both logs hold the same batches
                producer.send(new ProducerRecord<>("live.prices", "k", value)).get();
                producer.send(new ProducerRecord<>("archived-prices", "k", value)).get();
            }
        }
        assertThat(config("live.prices").get("freshet.storage").value()).isEqualTo("memory");
        assertThat(config("live.prices").get("retention.bytes").value()).isEqualTo("67108864");
        assertThat(config("archived-prices").get("freshet.storage").value()).isEqualTo("disk");

        Path dataDir = FRESHET.broker().dataDir();
        assertThat(filesIn(dataDir.resolve("live.prices-0"))).containsExactly("offset-ceiling");
        assertThat(filesIn(dataDir.resolve("archived-prices-0"))).contains("00000000000000000000.log");

        Map<TopicPartition, ReplicaInfo> sizes = admin.describeLogDirs(List.of(1)).allDescriptions()
                .get(30, TimeUnit.SECONDS).get(1).values().iterator().next().replicaInfos();
        assertThat(sizes.get(new TopicPartition("live.prices", 0)).size()).as("bytes in memory").isPositive()
                .isEqualTo(sizes.get(new TopicPartition("archived-prices", 0)).size());
    }

    @Test
    void storageTakesDiskOrMemoryAndCannotChangeOnceTheTopicExists() throws Exception {
        assertThatThrownBy(() -> create("storage-typo", Map.of("freshet.storage", "ram")))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("freshet.storage");
        assertThatThrownBy(() -> create("unbounded", Map.of("freshet.storage", "memory", "retention.bytes", "-1")))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("bounded");

        create("stays-on-disk", Map.of());
        assertThatThrownBy(() -> alter("stays-on-disk", AlterConfigOp.OpType.SET, "freshet.storage", "memory"))
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("freshet.storage cannot be changed");

        create("stays-in-memory", MEMORY);
        assertThatThrownBy(() -> alter("stays-in-memory", AlterConfigOp.OpType.DELETE, "freshet.storage", null))
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("stays-in-memory is a memory topic");
        alter("stays-in-memory", AlterConfigOp.OpType.SET, "retention.ms", "60000");
        assertThat(config("stays-in-memory").get("freshet.storage").value()).isEqualTo("memory");
        assertThat(config("stays-in-memory").get("freshet.storage").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config("stays-in-memory").get("retention.ms").value()).isEqualTo("60000");
        assertThat(config("stays-on-disk").get("freshet.storage").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void transactionsCommitAndAbortOnAMemoryTopic() throws Exception {
        String topic = "pubsub-txn";
        create(topic, MEMORY);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = Transactions.producer(FRESHET.bootstrapServers(), "mem-txn")) {
            producer.initTransactions();
            producer.beginTransaction();
            produce(producer, topic, "committed-", 5);
            producer.commitTransaction();
            producer.beginTransaction();
            produce(producer, topic, "aborted-", 5);
            producer.abortTransaction();
            producer.beginTransaction();
            produce(producer, topic, "last-", 1);
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(FRESHET.bootstrapServers(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()))) {
            List<ConsumerRecord<String, String>> read = KafkaClients.readAll(consumer, List.of(tp), TIMEOUT);
            assertThat(read).extracting(ConsumerRecord::value)
                    .containsExactly("committed-0", "committed-1", "committed-2", "committed-3", "committed-4", "last-0");
        }
    }

    @Test
    void aStreamsApplicationReadsAndWritesMemoryTopics() throws Exception {
        create("live.words", MEMORY);
        create("live.shouted", MEMORY);
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream("live.words").mapValues(v -> v.toUpperCase()).to("live.shouted");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "memory-shouter");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, FRESHET.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, DataDirs.create("streams-memory").toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                KafkaConsumer<String, String> output = atLatest(new TopicPartition("live.shouted", 0));
                KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers())) {
            streams.start();
            produce(producer, "live.words", "word-", 20);
            assertThat(poll(output, 20)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(values("WORD-", 20));
        }
    }

    private void create(String topic, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all()
                .get(30, TimeUnit.SECONDS);
    }

    private void alter(String topic, AlterConfigOp.OpType op, String key, String value)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value), op))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private org.apache.kafka.clients.admin.Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    /** A consumer positioned at the partition's end now, as a subscriber that connects now would be. */
    private static KafkaConsumer<String, String> atLatest(TopicPartition tp) {
        KafkaConsumer<String, String> consumer = KafkaClients.consumer(FRESHET.bootstrapServers(),
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        consumer.assign(List.of(tp));
        consumer.position(tp, TIMEOUT); // resolves "latest" now, before anything more is produced
        return consumer;
    }

    private static void produce(KafkaProducer<String, String> producer, String topic, String prefix, int count)
            throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (String value : values(prefix, count)) {
            sent.add(producer.send(new ProducerRecord<>(topic, "k", value)));
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** Polls until {@code count} records arrived, then checks for a moment that no more come. */
    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        assertThat(got).as("records polled").hasSize(count);
        return got;
    }

    private static List<String> values(String prefix, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + i);
        }
        return values;
    }

    private static List<Long> offsets(long from, long to) {
        List<Long> offsets = new ArrayList<>();
        for (long o = from; o < to; o++) {
            offsets.add(o);
        }
        return offsets;
    }

    static List<String> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
