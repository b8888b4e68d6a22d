package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

import io.freshet.testkit.FreshetExtension;

import org.awaitility.Awaitility;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java client 4.4 with its default producer config (idempotence on, acks=all): 100,000 keyed records
 * into a 4-partition topic, read back with assign and seek (no group).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaClientRoundTripTest {

    private static final int RECORDS = 100_000;
    private static final int KEYS = 997;
    private static final String TOPIC = "round-trip";

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    /** Explicit CreateTime of record i is baseTimestamp + i, so offsetsForTimes has a known answer. */
    private final long baseTimestamp = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    private final AtomicIntegerArray ackedPartition = new AtomicIntegerArray(RECORDS);
    private final AtomicLongArray ackedOffset = new AtomicLongArray(RECORDS);
    private List<ConsumerRecord<String, String>> all;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void produceAndReadEverything() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), TOPIC, 4);
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            for (int i = 0; i < RECORDS; i++) {
                int seq = i;
                producer.send(new ProducerRecord<>(TOPIC, null, baseTimestamp + i, key(i), value(i)), (md, e) -> {
                    if (e != null) {
                        failures.add(e);
                    } else {
                        ackedPartition.set(seq, md.partition());
                        ackedOffset.set(seq, md.offset());
                    }
                });
            }
            producer.flush();
        }
        assertThat(failures).as("send failures").isEmpty();
        long produced = System.nanoTime();
        all = KafkaClients.readAll(freshet.bootstrapServers(), TOPIC, Duration.ofSeconds(60));
        System.out.printf("produced %d records in %d ms, read them back in %d ms%n", RECORDS,
                (produced - started) / 1_000_000, (System.nanoTime() - produced) / 1_000_000);
    }

    @Test
    void shouldReadBackEveryRecordExactlyOnceWithContiguousOffsetsAndPerPartitionOrder() {
        assertThat(all).hasSize(RECORDS);
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = byPartition(all);
        assertThat(byPartition.keySet()).as("keyed records spread over all partitions").containsExactlyInAnyOrder(0, 1, 2, 3);
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (List<ConsumerRecord<String, String>> records : byPartition.values()) {
            int previous = -1;
            for (int n = 0; n < records.size(); n++) {
                ConsumerRecord<String, String> r = records.get(n);
                assertThat(r.offset()).as("offset of record #%d in partition %d", n, r.partition()).isEqualTo(n);
                int seq = seqOf(r);
                assertThat(seq).as("send order within partition %d at offset %d", r.partition(), r.offset())
                        .isGreaterThan(previous);
                previous = seq;
                assertThat(r.key()).isEqualTo(key(seq));
                assertThat(r.timestamp()).isEqualTo(baseTimestamp + seq);
                assertThat(ackedPartition.get(seq)).as("acked partition of %d", seq).isEqualTo(r.partition());
                assertThat(ackedOffset.get(seq)).as("acked offset of %d", seq).isEqualTo(r.offset());
                assertThat(partitionOfKey.computeIfAbsent(r.key(), k -> r.partition()))
                        .as("every record of key %s in one partition", r.key()).isEqualTo(r.partition());
            }
        }
        assertThat(partitionOfKey).hasSize(KEYS);
    }

    @Test
    void shouldReplayFromAnArbitraryOffset() {
        for (int partition = 0; partition < 4; partition++) {
            List<ConsumerRecord<String, String>> expectedAll = byPartition(all).get(partition);
            int from = expectedAll.size() / 3 + 7;
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers())) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, from);
                List<ConsumerRecord<String, String>> replay = KafkaClients.readUntil(consumer,
                        Map.of(tp, (long) expectedAll.size()), Duration.ofSeconds(30));
                assertThat(replay).hasSize(expectedAll.size() - from);
                assertThat(replay.get(0).offset()).isEqualTo(from);
                for (int n = 0; n < replay.size(); n++) {
                    ConsumerRecord<String, String> expected = expectedAll.get(from + n);
                    assertThat(replay.get(n).offset()).isEqualTo(expected.offset());
                    assertThat(replay.get(n).value()).isEqualTo(expected.value());
                }
            }
        }
    }

    @Test
    void shouldReplayFromATimestamp() {
        long target = baseTimestamp + 61_234;
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = byPartition(all);
        Map<TopicPartition, Long> query = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            query.put(new TopicPartition(TOPIC, p), target);
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers())) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            for (int p = 0; p < 4; p++) {
                TopicPartition tp = new TopicPartition(TOPIC, p);
                ConsumerRecord<String, String> expected = byPartition.get(p).stream()
                        .filter(r -> r.timestamp() >= target).findFirst().orElseThrow();
                assertThat(found.get(tp)).as("offsetsForTimes(%d) on %s", target, tp).isNotNull();
                assertThat(found.get(tp).offset()).as("offset for timestamp on %s", tp).isEqualTo(expected.offset());
                assertThat(found.get(tp).timestamp()).isEqualTo(expected.timestamp());

                consumer.assign(List.of(tp));
                consumer.seek(tp, found.get(tp).offset());
                List<ConsumerRecord<String, String>> replay = KafkaClients.readUntil(consumer,
                        Map.of(tp, found.get(tp).offset() + 1), Duration.ofSeconds(30));
                assertThat(replay.get(0).value()).isEqualTo(expected.value());
            }
            Map<TopicPartition, OffsetAndTimestamp> future = consumer.offsetsForTimes(
                    Map.of(new TopicPartition(TOPIC, 0), baseTimestamp + RECORDS + 1), Duration.ofSeconds(30));
            assertThat(future.get(new TopicPartition(TOPIC, 0))).as("no record at or after the newest timestamp").isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void shouldRoundTripCompressedBatches(String codec) throws Exception {
        String topic = "compressed-" + codec;
        int count = 5_000;
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 2);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers(),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 20))) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, key(i), compressible(i));
                record.headers().add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
            }
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).hasSize(count);
        for (List<ConsumerRecord<String, String>> partition : byPartition(read).values()) {
            int previous = -1;
            for (int n = 0; n < partition.size(); n++) {
                ConsumerRecord<String, String> r = partition.get(n);
                assertThat(r.offset()).isEqualTo(n);
                int seq = Integer.parseInt(new String(header(r, "seq"), StandardCharsets.UTF_8));
                assertThat(seq).isGreaterThan(previous);
                previous = seq;
                assertThat(r.key()).isEqualTo(key(seq));
                assertThat(r.value()).isEqualTo(compressible(seq));
            }
        }
        assertThat(read.stream().mapToInt(r -> Integer.parseInt(r.key().substring(4))).distinct().count())
                .isEqualTo(KEYS);
        assertStoredWith(topic, codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "all"})
    void shouldRoundTripWithEachAcksSetting(String acks) throws Exception {
        String topic = "acks-" + acks;
        int count = 2_000;
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        Map<String, Object> config = acks.equals("all") ? Map.of(ProducerConfig.ACKS_CONFIG, acks)
                : Map.of(ProducerConfig.ACKS_CONFIG, acks, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers(), config)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, key(i), value(i))));
            }
            for (int i = 0; i < count; i++) {
                long offset = futures.get(i).get(30, TimeUnit.SECONDS).offset();
                if (!acks.equals("0")) {
                    assertThat(offset).as("acked offset of record %d with acks=%s", i, acks).isEqualTo(i);
                }
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(KafkaClients.endOffsets(freshet.bootstrapServers(), topic).values()).containsExactly((long) count));
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> value(i)).toList());
    }

    @Test
    void shouldInterleaveConcurrentIdempotentProducersOnOnePartitionKeepingEachOnesOrder() throws Exception {
        String topic = "concurrent-producers";
        int producers = 4;
        int perProducer = 10_000;
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(new Thread(() -> {
                try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
                    for (int i = 0; i < perProducer; i++) {
                        producer.send(new ProducerRecord<>(topic, 0, "p" + id, Integer.toString(i)), (md, e) -> {
                            if (e != null) {
                                failures.add(e);
                            }
                        });
                    }
                    producer.flush();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "producer-" + p));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(failures).isEmpty();
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).hasSize(producers * perProducer);
        Map<String, Integer> last = new HashMap<>();
        for (int n = 0; n < read.size(); n++) {
            ConsumerRecord<String, String> r = read.get(n);
            assertThat(r.offset()).isEqualTo(n);
            int seq = Integer.parseInt(r.value());
            assertThat(seq).as("next record of %s at offset %d", r.key(), r.offset())
                    .isEqualTo(last.getOrDefault(r.key(), -1) + 1);
            last.put(r.key(), seq);
        }
    }

    @Test
    void shouldStampLogAppendTimeWhenTheTopicAsksForIt() throws Exception {
        String topic = "log-append-time";
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        RecordMetadata md;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            md = producer.send(new ProducerRecord<>(topic, null, 42L, "k", "v")).get(30, TimeUnit.SECONDS);
        }
        long after = System.currentTimeMillis();
        assertThat(md.timestamp()).as("timestamp in the produce response").isBetween(before, after);
        ConsumerRecord<String, String> r = KafkaClients.readAll(freshet.bootstrapServers(), topic, Duration.ofSeconds(30)).get(0);
        assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(r.timestamp()).isEqualTo(md.timestamp());
    }

    /** The broker keeps the producer's codec (compression.type=producer): the batches on the wire say so. */
    private void assertStoredWith(String topic, String codec) throws Exception {
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), topic, 0)) {
            FetchResponseData.PartitionData data = Requests.fetch(conn, topic, 0, 0, 0, 1);
            assertThat(data.errorCode()).isZero();
            MemoryRecords records = (MemoryRecords) data.records();
            List<CompressionType> codecs = new ArrayList<>();
            for (RecordBatch batch : records.batches()) {
                codecs.add(batch.compressionType());
            }
            assertThat(codecs).isNotEmpty().containsOnly(CompressionType.forName(codec));
        }
    }

    private static byte[] header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertThat(h).as("header %s", name).isNotNull();
        return h.value();
    }

    static Map<Integer, List<ConsumerRecord<String, String>>> byPartition(List<ConsumerRecord<String, String>> records) {
        Map<Integer, List<ConsumerRecord<String, String>>> out = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            out.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static int seqOf(ConsumerRecord<String, String> r) {
        return Integer.parseInt(r.value().substring("value-".length()));
    }

    private static String key(int i) {
        return "key-" + (i % KEYS);
    }

    private static String value(int i) {
        return "value-" + i;
    }

    private static String compressible(int i) {
        return ("record " + i + " of a compressible stream; ").repeat(1 + i % 7);
    }
}
