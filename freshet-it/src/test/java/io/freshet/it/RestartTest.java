package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A clean restart of the embedded broker (same directory, same port) keeps every acknowledged record. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@FreshetOnly("restarts the embedded Freshet on its data directory (EmbeddedFreshet.restart)")
class RestartTest {

    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest();

    private EmbeddedFreshet broker;

    @BeforeEach
    void start() {
        broker = freshet.broker();
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordAtItsOffsetAcrossRestart() throws Exception {
        String topic = "durable";
        KafkaClients.createTopic(broker.bootstrapServers(), topic, 2, Map.of("segment.bytes", "1048576"));
        List<RecordMetadata> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, value(i))));
            }
            for (Future<RecordMetadata> f : futures) {
                acked.add(f.get(30, TimeUnit.SECONDS));
            }
        }

        broker.restart();

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).hasSize(acked.size());
        for (ConsumerRecord<String, String> r : read) {
            int i = Integer.parseInt(r.value().substring(1, r.value().indexOf(' ')));
            assertThat(r.value()).isEqualTo(value(i));
            assertThat(r.key()).isEqualTo("k" + i);
            assertThat(r.partition()).as("partition of v%d", i).isEqualTo(acked.get(i).partition());
            assertThat(r.offset()).as("offset of v%d", i).isEqualTo(acked.get(i).offset());
        }

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker.bootstrapServers())) {
            for (int i = 7; i < acked.size(); i += 97) {
                TopicPartition tp = new TopicPartition(topic, acked.get(i).partition());
                consumer.assign(List.of(tp));
                consumer.seek(tp, acked.get(i).offset());
                ConsumerRecord<String, String> first = KafkaClients.readUntil(consumer,
                        Map.of(tp, acked.get(i).offset() + 1), Duration.ofSeconds(30)).get(0);
                assertThat(first.value()).as("seek to %s@%d after restart", tp, acked.get(i).offset())
                        .isEqualTo(value(i));
            }
        }

        Map<TopicPartition, Long> endBefore = KafkaClients.endOffsets(broker.bootstrapServers(), topic);
        assertThat(endBefore.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_000);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, 1, "after", "restart")).get(30, TimeUnit.SECONDS);
            assertThat(md.offset()).as("appends continue at the old end offset")
                    .isEqualTo(endBefore.get(new TopicPartition(topic, 1)));
        }
    }

    @Test
    void shouldAnswerABatchRetriedAfterRestartWithItsOriginalOffsetAndAppendItOnce() throws Exception {
        String topic = "retried";
        KafkaClients.createTopic(broker.bootstrapServers(), topic, 1);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "before-" + i, "plain")).get(30, TimeUnit.SECONDS);
            }
        }

        byte[] frame;
        long producerId;
        short epoch;
        try (RawKafkaConnection conn = RawKafkaConnection.open(broker.port())) {
            InitProducerIdResponseData init = Requests.initProducerId(conn);
            assertThat(Errors.forCode(init.errorCode())).isEqualTo(Errors.NONE);
            assertThat(init.producerId()).isNotNegative();
            producerId = init.producerId();
            epoch = init.producerEpoch();
            frame = RawKafkaConnection.encodeRequest(Requests.produce(topic, 0, idempotentBatch(producerId, epoch, 0, 5)),
                    Requests.PRODUCE_VERSION, 77);

            assertProduced(conn.sendFrame(frame), 10);
            assertThat(endOffset(topic)).isEqualTo(15);
            assertProduced(conn.sendFrame(frame), 10);
            assertThat(endOffset(topic)).as("a retry on the same connection appends nothing").isEqualTo(15);
        }

        broker.restart();

        try (RawKafkaConnection conn = RawKafkaConnection.open(broker.port())) {
            assertProduced(conn.sendFrame(frame), 10);
            assertThat(endOffset(topic)).as("a retry after restart appends nothing").isEqualTo(15);

            ProduceResponseData.PartitionProduceResponse gap = Requests.produce(conn, topic, 0,
                    idempotentBatch(producerId, epoch, 42, 1));
            assertThat(Errors.forCode(gap.errorCode())).as("sequence 42 after 4").isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(endOffset(topic)).isEqualTo(15);

            ProduceResponseData.PartitionProduceResponse next = Requests.produce(conn, topic, 0,
                    idempotentBatch(producerId, epoch, 5, 3));
            assertThat(Errors.forCode(next.errorCode())).as("next sequence after restart").isEqualTo(Errors.NONE);
            assertThat(next.baseOffset()).isEqualTo(15);
        }

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        List<String> keys = read.stream().map(ConsumerRecord::key).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("before-" + i);
        }
        for (int s = 0; s < 8; s++) {
            expected.add("idem-" + s);
        }
        assertThat(keys).containsExactlyElementsOf(expected);
        assertThat(read).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 18).boxed().toList());
    }

    /** About 1 KiB, so that 2,000 records roll 1 MiB segments in both partitions. */
    private static String value(int i) {
        return "v" + i + " " + "x".repeat(1000);
    }

    private static void assertProduced(java.nio.ByteBuffer responseFrame, long expectedBaseOffset) {
        ProduceResponseData response = RawKafkaConnection.decodeResponse(responseFrame, ApiKeys.PRODUCE.id,
                Requests.PRODUCE_VERSION, 77);
        ProduceResponseData.PartitionProduceResponse p = Requests.singlePartition(response);
        assertThat(Errors.forCode(p.errorCode())).as("produce error (%s)", p.errorMessage()).isEqualTo(Errors.NONE);
        assertThat(p.baseOffset()).as("base offset").isEqualTo(expectedBaseOffset);
    }

    /** {@code count} records with sequences baseSequence.., keyed idem-&lt;sequence&gt;. */
    static MemoryRecords idempotentBatch(long producerId, short epoch, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(),
                    ("idem-" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8),
                    "raw".getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    private long endOffset(String topic) {
        return KafkaClients.endOffsets(broker.bootstrapServers(), topic).get(new TopicPartition(topic, 0));
    }
}
