package io.freshet.http.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.freshet.http.stream.StreamTestSupport.createTopic;
import static io.freshet.http.stream.StreamTestSupport.json;
import static io.freshet.http.stream.StreamTestSupport.producer;
import static io.freshet.http.stream.StreamTestSupport.record;
import static io.freshet.http.stream.StreamTestSupport.send;
import static io.freshet.http.stream.StreamTestSupport.streamUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WebSocket on records:stream with the JDK's WebSocket client, cross-checked with Kafka's Java clients. */
@Timeout(60)
class RecordsWebSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;
    private HttpFixture http;

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void recordsArriveAsTextFramesWithPartitionAndOffset() throws Exception {
        createTopic(http, "ws", 2);
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            send(producer, record("ws", 0, "a", "before"));
            try (WsClient ws = WsClient.open(http.client(), streamUri(http, "ws", "from=earliest"))) {
                JsonNode first = json(ws.next(WAIT));
                assertThat(first.path("value").asText()).isEqualTo("before");
                assertThat(first.path("key").asText()).isEqualTo("a");
                assertThat(first.path("partition_id").asInt()).isZero();
                assertThat(first.path("offset").asLong()).isZero();
                for (int i = 0; i < 6; i++) {
                    send(producer, record("ws", 1, null, "live" + i));
                }
                List<String> frames = ws.next(6, WAIT);
                for (int i = 0; i < 6; i++) {
                    JsonNode record = json(frames.get(i));
                    assertThat(record.path("partition_id").asInt()).isEqualTo(1);
                    assertThat(record.path("offset").asLong()).isEqualTo(i);
                    assertThat(record.path("value").asText()).isEqualTo("live" + i);
                }
            }
        }
    }

    @Test
    void aPositionInFromResumesAfterIt() throws Exception {
        createTopic(http, "pos", 2);
        try (KafkaProducer<byte[], byte[]> producer = producer(http)) {
            for (int i = 0; i < 6; i++) {
                send(producer, record("pos", i % 2, null, "r" + i));
            }
        }
        try (WsClient ws = WsClient.open(http.client(), streamUri(http, "pos", "from=0:2,1:1"))) {
            List<String> values = new ArrayList<>();
            for (String frame : ws.next(3, WAIT)) {
                values.add(json(frame).path("value").asText());
            }
            assertThat(values).containsExactlyInAnyOrder("r4", "r3", "r5");
        }
    }

    @Test
    void framesSentAreProducedAsRawUtf8AndAnsweredWithDeliveryReports() throws Exception {
        createTopic(http, "in", 1);
        try (WsClient ws = WsClient.open(http.client(), streamUri(http, "in", null))) {
            ws.send("{\"key\":\"k1\",\"value\":\"héllo\",\"headers\":[{\"name\":\"h\",\"value\":\"x\"}]}");
            JsonNode single = reportOrSkipRecords(ws);
            ws.send("[{\"value\":{\"a\":1}},{\"key\":\"k3\",\"value\":42,\"headers\":{\"n\":\"v\"}}]");
            JsonNode array = reportOrSkipRecords(ws);

            assertThat(single.path("error_code").asInt()).isEqualTo(200);
            assertThat(single.path("topic_name").asText()).isEqualTo("in");
            assertThat(single.path("partition_id").asInt()).isZero();
            assertThat(single.path("offset").asLong()).isZero();
            assertThat(single.path("cluster_id").asText()).isEqualTo(http.clusterId());
            assertThat(array.isArray()).isTrue();
            assertThat(array.get(0).path("offset").asLong()).isEqualTo(1);
            assertThat(array.get(1).path("offset").asLong()).isEqualTo(2);
            assertThat(array.get(1).path("error_code").asInt()).isEqualTo(200);
        }
        List<ConsumerRecord<byte[], byte[]>> read = consume("in", 3);
        assertThat(read.get(0).key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("héllo"); // not JSON-quoted
        assertThat(new String(read.get(0).headers().lastHeader("h").value(), StandardCharsets.UTF_8)).isEqualTo("x");
        assertThat(read.get(1).key()).isNull();
        assertThat(new String(read.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(new String(read.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("42");
        assertThat(new String(read.get(2).headers().lastHeader("n").value(), StandardCharsets.UTF_8))
            .isEqualTo("v");
    }

    @Test
    void aBadFrameGetsAnErrorReportAndTheSocketStaysOpen() throws Exception {
        createTopic(http, "bad", 1);
        try (WsClient ws = WsClient.open(http.client(), streamUri(http, "bad", null))) {
            ws.send("not json");
            JsonNode invalid = reportOrSkipRecords(ws);
            ws.send("[1]");
            JsonNode notARecord = reportOrSkipRecords(ws);
            ws.send("{\"value\":\"ok\",\"partition_id\":7}");
            JsonNode noSuchPartition = reportOrSkipRecords(ws);
            ws.send("{\"value\":\"fine\"}");
            JsonNode ok = reportOrSkipRecords(ws);

            assertThat(invalid.path("error_code").asInt()).isEqualTo(400);
            assertThat(invalid.path("message").asText()).contains("Invalid JSON");
            assertThat(notARecord.path("error_code").asInt()).isEqualTo(400);
            assertThat(noSuchPartition.path("error_code").asInt()).isNotEqualTo(200);
            assertThat(ok.path("error_code").asInt()).isEqualTo(200);
            assertThat(ok.path("offset").asLong()).isZero();
        }
    }

    @Test
    void unknownTopicRefusesTheUpgradeWith404() {
        assertThatThrownBy(() -> WsClient.open(http.client(), streamUri(http, "nope", null)))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(WebSocketHandshakeException.class)
            .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                .isEqualTo(404));
        assertThat(http.log().partitionCount("nope")).isEmpty();
    }

    @Test
    void aGapIsAFrameAndADeletedTopicClosesTheSocket() throws Exception {
        createTopic(http, "trim", 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(http);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()))) {
            for (int i = 0; i < 10; i++) {
                send(producer, record("trim", 0, null, "r" + i));
            }
            admin.deleteRecords(Map.of(new TopicPartition("trim", 0), RecordsToDelete.beforeOffset(6)))
                .all().get(10, TimeUnit.SECONDS);
            try (WsClient ws = WsClient.open(http.client(), streamUri(http, "trim", "from=0:2"))) {
                JsonNode gap = json(ws.next(WAIT));
                assertThat(gap.path("gap").path("partition_id").asInt()).isZero();
                assertThat(gap.path("gap").path("missed").asLong()).isEqualTo(4);
                assertThat(json(ws.next(WAIT)).path("offset").asLong()).isEqualTo(6);

                admin.deleteTopics(List.of("trim")).all().get(10, TimeUnit.SECONDS);
                assertThat(ws.closed().get(10, TimeUnit.SECONDS)).startsWith("1000");
            }
        }
    }

    /** The next delivery report: frames with error_code; record frames (the socket's own subscription) skipped. */
    private static JsonNode reportOrSkipRecords(WsClient ws) throws Exception {
        while (true) {
            JsonNode frame = json(ws.next(WAIT));
            if (frame.isArray() || frame.has("error_code")) {
                return frame;
            }
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(count);
            return records;
        }
    }
}
