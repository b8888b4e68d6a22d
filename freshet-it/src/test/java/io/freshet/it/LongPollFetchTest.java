package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fetch is a long poll: it parks until min.bytes are there or max.wait passes, and an append wakes it. The time
 * bounds are generous (this is not a benchmark): they separate "woken by the append" from "waited out max.wait".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LongPollFetchTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void warmUpProducer() throws Exception {
        producer = KafkaClients.producer(freshet.bootstrapServers());
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void consumerShouldReceiveARecordProducedWhileItsFetchIsParked() throws Exception {
        String topic = "long-poll-consumer";
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        producer.send(new ProducerRecord<>(topic, "warm", "up")).get(30, TimeUnit.SECONDS);

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers(),
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5_000))) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            assertThat(consumer.position(tp, Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(consumer.poll(Duration.ofMillis(300))).as("nothing new yet").isEmpty();

            long start = System.nanoTime();
            scheduler.schedule(() -> producer.send(new ProducerRecord<>(topic, "late", "arrival")), 200,
                    TimeUnit.MILLISECONDS);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("record produced 200 ms into the poll arrived after %d ms (fetch.max.wait.ms=5000)%n",
                    elapsedMs);
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("arrival");
            assertThat(got.get(0).offset()).isEqualTo(1);
            assertThat(elapsedMs).as("woken by the append, not by max.wait").isLessThan(3_000);
        }
    }

    @Test
    void rawFetchShouldBeWokenByAnAppend() throws Exception {
        String topic = UniqueNames.of("long-poll-raw");
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        producer.send(new ProducerRecord<>(topic, "warm", "up")).get(30, TimeUnit.SECONDS);

        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), topic, 0)) {
            scheduler.schedule(() -> producer.send(new ProducerRecord<>(topic, "late", "arrival")), 200,
                    TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            FetchResponseData.PartitionData data = Requests.fetch(conn, topic, 0, 1, 5_000, 1);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("raw fetch (max.wait 5000, min.bytes 1) answered after %d ms%n", elapsedMs);

            assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
            assertThat(elapsedMs).as("answered once the append arrived").isBetween(150L, 3_000L);
            assertThat(data.highWatermark()).isEqualTo(2);
            List<String> values = new ArrayList<>();
            for (RecordBatch batch : ((MemoryRecords) data.records()).batches()) {
                for (Record r : batch) {
                    values.add(java.nio.charset.StandardCharsets.UTF_8.decode(r.value()).toString());
                }
            }
            assertThat(values).containsExactly("arrival");
        }
    }

    @Test
    void rawFetchWithUnmetMinBytesShouldReturnEmptyAfterMaxWait() throws Exception {
        String topic = UniqueNames.of("long-poll-idle");
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        producer.send(new ProducerRecord<>(topic, "only", "record")).get(30, TimeUnit.SECONDS);

        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), topic, 0)) {
            long start = System.nanoTime();
            FetchResponseData.PartitionData data = Requests.fetch(conn, topic, 0, 1, 1_000, 1_000_000);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("raw fetch (max.wait 1000, min.bytes 1000000, nothing arriving) answered after %d ms%n",
                    elapsedMs);

            assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
            assertThat(elapsedMs).as("waited for max.wait").isBetween(900L, 3_000L);
            assertThat(data.highWatermark()).isEqualTo(1);
            assertThat(data.records() == null || data.records().sizeInBytes() == 0).as("no records").isTrue();
        }
    }

    @Test
    void consumerWithLargeMinBytesShouldGetWhatIsThereOnceMaxWaitPasses() throws Exception {
        String topic = "long-poll-min-bytes";
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        producer.send(new ProducerRecord<>(topic, "small", "record")).get(30, TimeUnit.SECONDS);

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers(),
                Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1_000_000, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_000))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            consumer.position(tp, Duration.ofSeconds(30));
            long start = System.nanoTime();
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("min.bytes 1000000 / max.wait 1000: the one record arrived after %d ms%n", elapsedMs);
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("record");
            assertThat(elapsedMs).as("held until max.wait, then answered").isBetween(800L, 3_000L);
        }
    }
}
