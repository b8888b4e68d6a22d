package io.freshet.it.gateway;

import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.LogListener;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.gateway.kafka.KafkaEventLog;
import io.freshet.gateway.kafka.KafkaEventLogConfig;
import io.freshet.testkit.FreshetExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link KafkaEventLog}, the gateways' log in front of a cluster, against a real Kafka listener (an embedded Freshet's,
 * or Apache Kafka's under {@code scripts/suite-on-kafka.sh}), checked with the official clients beside it: where a
 * keyed append lands, what a Kafka producer's records look like to a listener and a read, offsets, order, headers,
 * unknown topics, consumer-group offsets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaEventLogTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    private KafkaEventLog log;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start() {
        log = KafkaEventLog.start(KafkaEventLogConfig.of(freshet.bootstrapServers()));
        admin = Admin.create(Map.of("bootstrap.servers", freshet.bootstrapServers()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", freshet.bootstrapServers()),
            new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        producer.close();
        admin.close();
        log.close();
    }

    private void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void keyedAppendLandsOnThePartitionAKafkaProducerPicksForTheKey() throws Exception {
        createTopic("kel-keys", 6);
        for (int i = 0; i < 20; i++) {
            byte[] key = bytes("device-" + i);
            Appended appended = log.append("kel-keys", OutgoingRecord.of(key, bytes("via gateway")),
                Durability.DURABLE).get(30, TimeUnit.SECONDS);
            RecordMetadata kafka = producer.send(new ProducerRecord<>("kel-keys", key, bytes("via producer")))
                .get(30, TimeUnit.SECONDS);
            assertThat(appended.partition().partition()).as("partition of key device-%d", i)
                .isEqualTo(kafka.partition());
            assertThat(log.partitionFor("kel-keys", key).get(30, TimeUnit.SECONDS).partition())
                .isEqualTo(kafka.partition());
        }
    }

    @Test
    void keylessAppendsTakeThePartitionsInTurn() throws Exception {
        createTopic("kel-turns", 3);
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            partitions.add(log.append("kel-turns", OutgoingRecord.of(null, bytes("v" + i)), Durability.APPENDED)
                .get(30, TimeUnit.SECONDS).partition().partition());
        }
        assertThat(partitions.subList(0, 3)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(partitions.subList(3, 6)).isEqualTo(partitions.subList(0, 3));
    }

    @Test
    void aKafkaProducersRecordsReachAListenerAndARead() throws Exception {
        createTopic("kel-from-kafka", 1);
        TopicPartition tp = new TopicPartition("kel-from-kafka", 0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.partitionCount("kel-from-kafka").isPresent());
        Map<TopicPartition, Long> heard = new ConcurrentHashMap<>();
        LogListener listener = new LogListener() {
            @Override
            public void onAppend(TopicPartition partition, long endOffset) {
                heard.merge(partition, endOffset, Math::max);
            }
        };
        log.addListener(listener);
        try {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("kel-from-kafka", null, 1_000L + i, bytes("k" + i), bytes("v" + i),
                    List.of(new RecordHeader("n", bytes("h" + i))))).get(30, TimeUnit.SECONDS);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> heard.getOrDefault(tp, 0L) >= 3);
            assertThat(log.endOffset(tp)).isEqualTo(3);
            assertThat(log.startOffset(tp)).isZero();

            List<LogRecord> read = readAll(tp, 0, 3);
            assertThat(read).extracting(LogRecord::offset).containsExactly(0L, 1L, 2L);
            assertThat(read).extracting(r -> text(r.key())).containsExactly("k0", "k1", "k2");
            assertThat(read).extracting(r -> text(r.value())).containsExactly("v0", "v1", "v2");
            assertThat(read).extracting(LogRecord::timestamp).containsExactly(1_000L, 1_001L, 1_002L);
            assertThat(read).extracting(r -> text(r.headers().get(0).value())).containsExactly("h0", "h1", "h2");

            ReadResult fromTheMiddle = log.read(tp, 1, 1024 * 1024).get(30, TimeUnit.SECONDS);
            assertThat(fromTheMiddle.records().get(0).offset()).isEqualTo(1);
            ReadResult atTheEnd = log.read(tp, 3, 1024 * 1024).get(30, TimeUnit.SECONDS);
            assertThat(atTheEnd.records()).isEmpty();
            assertThat(atTheEnd.nextOffset()).isEqualTo(3);
        } finally {
            log.removeListener(listener);
        }
    }

    @Test
    void appendsAreReadByAKafkaConsumerInOrderWithTheirHeaders() throws Exception {
        createTopic("kel-to-kafka", 2);
        TopicPartition tp = new TopicPartition("kel-to-kafka", 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.partitionCount("kel-to-kafka").isPresent());
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            appends.add(log.append(tp, new OutgoingRecord(bytes("k"), bytes("m" + i),
                List.of(new RecordHeader("seq", bytes(Integer.toString(i)))), -1), Durability.DURABLE));
        }
        for (int i = 0; i < 50; i++) {
            Appended appended = appends.get(i).get(30, TimeUnit.SECONDS);
            assertThat(appended.offset()).isEqualTo(i);
            assertThat(appended.timestamp()).isPositive();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
            freshet.bootstrapServers(), "isolation.level", "read_committed"), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
                return got.size() >= 50;
            });
            assertThat(got).extracting(r -> text(r.value()))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
            assertThat(got).extracting(r -> text(r.headers().lastHeader("seq").value()))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(Integer::toString).toList());
        }
    }

    @Test
    void anAppendToAMissingTopicCreatesIt() throws Exception {
        Appended appended = log.append("kel-created-on-append", OutgoingRecord.of(bytes("k"), bytes("v")),
            Durability.DURABLE).get(30, TimeUnit.SECONDS);
        assertThat(appended.offset()).isZero();
        assertThat(log.topics()).contains("kel-created-on-append");
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kel-created-on-append");
    }

    @Test
    void createTopicKeepsItsConfigsAndIsThereAtOnce() throws Exception {
        int partitions = log.createTopic("kel-compacted", 1, Map.of("cleanup.policy", "compact"))
            .get(30, TimeUnit.SECONDS);
        assertThat(partitions).isEqualTo(1);
        assertThat(log.describeTopic("kel-compacted")).hasValueSatisfying(info ->
            assertThat(info.configs()).containsEntry("cleanup.policy", "compact"));
        assertThat(log.endOffset(new TopicPartition("kel-compacted", 0))).isZero();
        assertThat(log.createTopic("kel-compacted", 1, Map.of()).get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void unknownTopicsAndBadNamesFailAsAKafkaClientWould() {
        TopicPartition missing = new TopicPartition("kel-no-such-topic", 0);
        assertThatThrownBy(() -> log.read(missing, 0, 1024).join())
            .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> log.append(missing, OutgoingRecord.of(null, bytes("v")), Durability.DURABLE).join())
            .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> log.append("bad name!", OutgoingRecord.of(null, bytes("v")), Durability.DURABLE)
            .join()).hasCauseInstanceOf(InvalidTopicException.class);
        assertThat(log.partitionCount("kel-no-such-topic")).isEmpty();
        assertThat(log.endOffset(missing)).isEqualTo(-1);
    }

    @Test
    void committedOffsetsRoundTripAndOffsetForTimestamp() throws Exception {
        createTopic("kel-offsets", 1);
        TopicPartition tp = new TopicPartition("kel-offsets", 0);
        for (int i = 0; i < 5; i++) {
            producer.send(new ProducerRecord<>("kel-offsets", null, 10_000L * (i + 1), null, bytes("v" + i)))
                .get(30, TimeUnit.SECONDS);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.endOffset(tp) == 5);
        log.commitOffsets("kel-group", Map.of(tp, 3L)).get(30, TimeUnit.SECONDS);
        assertThat(log.committedOffsets("kel-group", List.of(tp)).get(30, TimeUnit.SECONDS)).containsEntry(tp, 3L);
        assertThat(log.committedOffsets("kel-nobody", List.of(tp)).get(30, TimeUnit.SECONDS)).isEmpty();
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> seenByAdmin =
            admin.listConsumerGroupOffsets("kel-group").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        assertThat(seenByAdmin.get(tp).offset()).isEqualTo(3);

        assertThat(log.offsetForTimestamp(tp, 25_000).get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(log.offsetForTimestamp(tp, 10_000_000).get(30, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void transactionsAreReadAsReadCommittedConsumersSeeThem() throws Exception {
        createTopic("kel-txn", 1);
        TopicPartition tp = new TopicPartition("kel-txn", 0);
        try (KafkaProducer<byte[], byte[]> txn = new KafkaProducer<>(Map.of("bootstrap.servers",
            freshet.bootstrapServers(), "transactional.id", "kel-txn-1"), new ByteArraySerializer(),
            new ByteArraySerializer())) {
            txn.initTransactions();
            txn.beginTransaction();
            txn.send(new ProducerRecord<>("kel-txn", bytes("aborted"))).get(30, TimeUnit.SECONDS);
            txn.abortTransaction();
            txn.beginTransaction();
            txn.send(new ProducerRecord<>("kel-txn", bytes("committed")));
            txn.commitTransaction();
        }
        // aborted record, abort marker, committed record, commit marker
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.endOffset(tp)).isEqualTo(4));
        List<LogRecord> read = readAll(tp, 0, 1);
        assertThat(read).extracting(r -> text(r.value())).containsExactly("committed");
        assertThat(read.get(0).offset()).isEqualTo(2);
    }

    @Test
    void aTopicDeletedByAnotherClientIsToldAndTheOthersKeepFlowing() throws Exception {
        createTopic("kel-doomed", 1);
        createTopic("kel-survivor", 1);
        TopicPartition survivor = new TopicPartition("kel-survivor", 0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.partitionCount("kel-doomed").isPresent()
            && log.partitionCount("kel-survivor").isPresent());
        List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<TopicPartition, Long> heard = new ConcurrentHashMap<>();
        LogListener listener = new LogListener() {
            @Override
            public void onTopicDeleted(String topic) {
                deleted.add(topic);
            }

            @Override
            public void onAppend(TopicPartition partition, long endOffset) {
                heard.merge(partition, endOffset, Math::max);
            }
        };
        log.addListener(listener);
        try {
            admin.deleteTopics(List.of("kel-doomed")).all().get(30, TimeUnit.SECONDS);
            Awaitility.await("onTopicDeleted").atMost(Duration.ofSeconds(30)).until(() -> deleted.contains("kel-doomed"));
            assertThat(log.topics()).doesNotContain("kel-doomed");

            producer.send(new ProducerRecord<>("kel-survivor", bytes("still here"))).get(30, TimeUnit.SECONDS);
            Awaitility.await("onAppend after the deletion").atMost(Duration.ofSeconds(10))
                .until(() -> heard.getOrDefault(survivor, 0L) >= 1);
        } finally {
            log.removeListener(listener);
        }
    }

    /** Reads from {@code offset} until {@code count} records came, following nextOffset. */
    private List<LogRecord> readAll(TopicPartition tp, long offset, int count) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        long next = offset;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.size() < count && System.nanoTime() < deadline) {
            ReadResult result = log.read(tp, next, 1024 * 1024).get(30, TimeUnit.SECONDS);
            records.addAll(result.records());
            next = result.nextOffset();
        }
        return records;
    }

}
