package io.freshet.broker.gateway;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogListener;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.gateway.ReadResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The embedded {@link EventLog} on a real broker, checked against what Kafka's own clients see. */
@Timeout(90)
class EmbeddedEventLogTest {

    private static final int DEFAULT_PARTITIONS = 3;

    @TempDir
    static Path dataDir;

    private static FreshetBroker broker;
    private static EventLog log;

    @BeforeAll
    static void startBroker() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "num.partitions", String.valueOf(DEFAULT_PARTITIONS), "group.initial.rebalance.delay.ms", "0")));
        log = broker.eventLog();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldPutEachKeyOnThePartitionAKafkaProducerPutsItOn() throws Exception {
        assertThat(log.createTopic("keyed", 7, Map.of()).get()).isEqualTo(7);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                String key = "dev" + i + "/temp";
                int kafkaPartition = producer.send(new ProducerRecord<>("keyed", key, "v")).get().partition();
                byte[] keyBytes = utf8(key);
                Appended appended = log.append("keyed", OutgoingRecord.of(keyBytes, utf8("v")), Durability.APPENDED)
                    .get();
                assertThat(appended.partition().partition()).as("partition of key %s", key).isEqualTo(kafkaPartition);
                assertThat(log.partitionFor("keyed", keyBytes).get().partition()).isEqualTo(kafkaPartition);
            }
        }
    }

    @Test
    void shouldGiveRecordsWithoutAKeyToThePartitionsInTurn() throws Exception {
        log.createTopic("unkeyed", 4, Map.of()).get();
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            partitions.add(log.append("unkeyed", OutgoingRecord.of(null, utf8("v" + i)), Durability.APPENDED).get()
                .partition().partition());
        }
        int first = partitions.get(0);
        assertThat(partitions).containsExactly(first, (first + 1) % 4, (first + 2) % 4, (first + 3) % 4,
            first, (first + 1) % 4, (first + 2) % 4, (first + 3) % 4);
    }

    @Test
    void shouldReadBackDurableAppendsWithAKafkaConsumer() throws Exception {
        log.createTopic("durable", 1, Map.of()).get();
        List<Header> headers = List.of(new RecordHeader("mqtt.qos", utf8("1")), new RecordHeader("unit", utf8("C")));
        List<Appended> appended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            OutgoingRecord record = new OutgoingRecord(utf8("dev42/temp"), utf8("21." + i), headers, 1_000 + i);
            appended.add(log.append("durable", record, Durability.DURABLE).get(10, TimeUnit.SECONDS));
        }
        assertThat(appended).extracting(Appended::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(appended).extracting(Appended::timestamp).containsExactly(1_000L, 1_001L, 1_002L, 1_003L, 1_004L);

        List<ConsumerRecord<byte[], byte[]>> records = consumeAll(new TopicPartition("durable", 0), 5);
        for (int i = 0; i < 5; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            assertThat(record.offset()).isEqualTo(i);
            assertThat(record.timestamp()).isEqualTo(1_000L + i);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("dev42/temp");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("21." + i);
            assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("mqtt.qos", "unit");
            assertThat(record.headers().lastHeader("unit").value()).isEqualTo(utf8("C"));
        }
        assertThat(readAll(new TopicPartition("durable", 0), 0)).extracting(r -> string(r.value()))
            .containsExactly("21.0", "21.1", "21.2", "21.3", "21.4");
    }

    @Test
    void shouldAutoCreateAnUnknownTopicWithTheBrokersDefaults() throws Exception {
        Appended appended = log.append("auto-created", OutgoingRecord.of(utf8("k"), utf8("v")), Durability.DURABLE)
            .get(10, TimeUnit.SECONDS);
        assertThat(log.partitionCount("auto-created")).isEqualTo(OptionalInt.of(DEFAULT_PARTITIONS));
        assertThat(log.topics()).contains("auto-created");
        assertThat(readAll(appended.partition(), 0)).extracting(r -> string(r.value())).containsExactly("v");
    }

    @Test
    void shouldRefuseAnInvalidOrInternalTopicName() {
        assertThatThrownBy(() -> log.append("bad topic!", OutgoingRecord.of(null, utf8("v")), Durability.APPENDED)
            .get()).hasCauseInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> log.append("__consumer_offsets", OutgoingRecord.of(null, utf8("v")),
            Durability.APPENDED).get()).hasCauseInstanceOf(InvalidTopicException.class);
        assertThat(log.topics()).doesNotContain("bad topic!", "__consumer_offsets");
    }

    @Test
    void shouldRefuseAnUnknownTopicWhenAutoCreationIsOff(@TempDir Path otherDir) {
        try (FreshetBroker strict = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0",
            "log.dirs", otherDir.toString(), "auto.create.topics.enable", "false")))) {
            assertThatThrownBy(() -> strict.eventLog().append("absent", OutgoingRecord.of(null, utf8("v")),
                Durability.APPENDED).get()).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            assertThatThrownBy(() -> strict.eventLog().partitionFor("absent", utf8("k")).get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(strict.eventLog().topics()).isEmpty();
        }
    }

    @Test
    void shouldRefuseARecordLargerThanTheTopicsMaxMessageBytes() throws Exception {
        log.createTopic("small", 1, Map.of("max.message.bytes", "1000")).get();
        assertThatThrownBy(() -> log.append("small", OutgoingRecord.of(null, new byte[2_000]), Durability.DURABLE)
            .get()).hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(log.append("small", OutgoingRecord.of(null, new byte[500]), Durability.DURABLE).get().offset())
            .isZero();
    }

    @Test
    void shouldLandAppendsOfOneThreadInCallOrderWhileTheirTopicIsCreated() throws Exception {
        for (int round = 0; round < 3; round++) {
            String topic = "ordered-" + round;
            // Appending on while the first waits for the topic, and a little beyond: the later appends find the topic
            // published while earlier ones are still queued behind its creation.
            List<CompletableFuture<Appended>> appends = new ArrayList<>();
            int extra = 0;
            while (extra < 200 && appends.size() < 50_000) {
                appends.add(log.append(topic, OutgoingRecord.of(utf8("one-key"), utf8(String.valueOf(appends.size()))),
                    Durability.APPENDED));
                if (appends.get(0).isDone()) {
                    extra++;
                }
            }
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            TopicPartition tp = appends.get(0).get().partition();
            List<String> values = readAll(tp, 0).stream().map(r -> string(r.value())).toList();
            assertThat(values).hasSize(appends.size());
            for (int i = 0; i < values.size(); i++) {
                assertThat(values.get(i)).as("record at offset %d of %s", i, topic).isEqualTo(String.valueOf(i));
                assertThat(appends.get(i).get().offset()).isEqualTo(i);
            }
        }
    }

    @Test
    void shouldReadCommittedRecordsOnlyAndStopAtTheLastStableOffset() throws Exception {
        log.createTopic("txn", 1, Map.of()).get();
        TopicPartition tp = new TopicPartition("txn", 0);
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn", "k", "aborted-1"));
            producer.send(new ProducerRecord<>("txn", "k", "aborted-2"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn", "k", "committed-1"));
            producer.commitTransaction();
            log.append(tp, OutgoingRecord.of(null, utf8("plain-1")), Durability.DURABLE).get();
            producer.beginTransaction();
            long openOffset = producer.send(new ProducerRecord<>("txn", "k", "open-1")).get().offset();
            log.append(tp, OutgoingRecord.of(null, utf8("plain-2")), Durability.DURABLE).get();

            ReadResult committed = log.read(tp, 0, 1 << 20).get();
            assertThat(committed.records()).extracting(r -> string(r.value()))
                .containsExactly("committed-1", "plain-1");
            assertThat(committed.nextOffset()).isEqualTo(openOffset);
            assertThat(log.endOffset(tp)).isEqualTo(openOffset);
            assertThat(log.read(tp, openOffset, 1 << 20).get().records()).isEmpty();

            producer.commitTransaction();
            ReadResult rest = log.read(tp, committed.nextOffset(), 1 << 20).get();
            assertThat(rest.records()).extracting(r -> string(r.value())).containsExactly("open-1", "plain-2");
            assertThat(rest.nextOffset()).isEqualTo(log.endOffset(tp)).isGreaterThan(openOffset + 2);
        }
    }

    @Test
    void shouldRefuseAReadBelowTheLogStartAndAnswerNothingAtTheEnd() throws Exception {
        log.createTopic("trimmed", 1, Map.of()).get();
        TopicPartition tp = new TopicPartition("trimmed", 0);
        for (int i = 0; i < 5; i++) {
            log.append(tp, OutgoingRecord.of(null, utf8("r" + i)), Durability.DURABLE).get();
        }
        try (Admin admin = admin()) {
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3))).all().get();
        }
        assertThat(log.startOffset(tp)).isEqualTo(3);
        assertThatThrownBy(() -> log.read(tp, 1, 1 << 20).get()).hasCauseInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.read(tp, 3, 1 << 20).get().records()).extracting(r -> string(r.value()))
            .containsExactly("r3", "r4");
        ReadResult atEnd = log.read(tp, 5, 1 << 20).get();
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.nextOffset()).isEqualTo(5);
        assertThat(log.read(tp, 99, 1 << 20).get().records()).isEmpty();
        assertThatThrownBy(() -> log.read(new TopicPartition("trimmed", 1), 0, 100).get())
            .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(log.endOffset(new TopicPartition("nowhere", 0))).isEqualTo(-1);
    }

    @Test
    void shouldKeepAMemoryTopicsNewestRecordsAndRefuseAReadBelowItsRing() throws Exception {
        log.createTopic("ring", 1, Map.of("freshet.storage", "memory", "retention.bytes", "4096")).get();
        TopicPartition tp = new TopicPartition("ring", 0);
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Appended> durable = log.append(tp, OutgoingRecord.of(null, utf8("m" + i)),
                Durability.DURABLE);
            assertThat(durable).as("DURABLE once in memory: no fsync to wait for").isCompleted();
        }
        long start = log.startOffset(tp);
        assertThat(start).as("the ring dropped its oldest records").isPositive();
        assertThat(log.endOffset(tp)).isEqualTo(200);
        assertThatThrownBy(() -> log.read(tp, start - 1, 1 << 20).get())
            .hasCauseInstanceOf(OffsetOutOfRangeException.class);
        assertThat(readAll(tp, start)).extracting(r -> string(r.value())).hasSize((int) (200 - start))
            .startsWith("m" + start).endsWith("m199");
    }

    @Test
    void shouldTellListenersOfAppendsAndTopicChanges() throws Exception {
        ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
        LogListener listener = new LogListener() {
            @Override
            public void onAppend(TopicPartition partition, long endOffset) {
                if (partition.topic().equals("heard")) {
                    heard.add("append " + partition + " " + endOffset);
                }
            }

            @Override
            public void onTopicChanged(String topic, int partitions) {
                heard.add("topic " + topic + " " + partitions);
            }

            @Override
            public void onTopicDeleted(String topic) {
                heard.add("deleted " + topic);
            }
        };
        log.addListener(listener);
        try {
            TopicPartition tp = log.append("heard", OutgoingRecord.of(utf8("k"), utf8("v")), Durability.APPENDED)
                .get().partition();
            assertThat(heard).containsExactly("topic heard " + DEFAULT_PARTITIONS, "append " + tp + " 1");
            heard.clear();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(),
                new StringSerializer())) {
                producer.send(new ProducerRecord<>("heard", tp.partition(), "k", "from kafka")).get();
            }
            assertThat(heard).containsExactly("append " + tp + " 2");
            heard.clear();
            try (Admin admin = admin()) {
                admin.createPartitions(Map.of("heard", NewPartitions.increaseTo(5))).all().get();
                await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("topic heard 5"));
                admin.deleteTopics(List.of("heard")).all().get();
                await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("deleted heard"));
            }
        } finally {
            log.removeListener(listener);
        }
        heard.clear();
        log.append("heard-after-removal", OutgoingRecord.of(null, utf8("v")), Durability.APPENDED).get();
        assertThat(heard).isEmpty();
    }

    @Test
    void shouldRoundTripCommittedOffsetsThatAdminSees() throws Exception {
        log.createTopic("offsets", 3, Map.of()).get();
        TopicPartition p0 = new TopicPartition("offsets", 0);
        TopicPartition p1 = new TopicPartition("offsets", 1);
        TopicPartition p2 = new TopicPartition("offsets", 2);
        log.commitOffsets("mqtt-share-g", Map.of(p0, 5L, p1, 7L)).get(10, TimeUnit.SECONDS);

        assertThat(log.committedOffsets("mqtt-share-g", List.of(p0, p1, p2)).get())
            .isEqualTo(Map.of(p0, 5L, p1, 7L));
        assertThat(log.committedOffsets("no-such-group", List.of(p0)).get()).isEmpty();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> seen = admin.listConsumerGroupOffsets("mqtt-share-g")
                .partitionsToOffsetAndMetadata().get();
            assertThat(seen).containsOnlyKeys(p0, p1);
            assertThat(seen.get(p0).offset()).isEqualTo(5L);
            assertThat(seen.get(p1).offset()).isEqualTo(7L);
        }
        assertThatThrownBy(() -> log.commitOffsets("mqtt-share-g", Map.of(new TopicPartition("offsets", 9), 1L))
            .get()).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldRefuseToCommitWhileTheGroupHasKafkaMembers() throws Exception {
        log.createTopic("member-owned", 1, Map.of()).get();
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ConsumerConfig.GROUP_ID_CONFIG, "owned"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of("member-owned"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            assertThatThrownBy(() -> log.commitOffsets("owned", Map.of(new TopicPartition("member-owned", 0), 1L))
                .get()).hasCauseInstanceOf(UnknownMemberIdException.class);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<LogRecord> readAll(TopicPartition tp, long from) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        long offset = from;
        while (true) {
            ReadResult result = log.read(tp, offset, 64 * 1024).get();
            records.addAll(result.records());
            if (result.nextOffset() == offset) {
                return records;
            }
            offset = result.nextOffset();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(TopicPartition tp, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
            return records;
        }
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-event-log-test");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    private static String bootstrap() {
        return "127.0.0.1:" + broker.boundPort();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
