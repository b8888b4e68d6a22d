package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.freshet.http.v3.V3TopicsTest.assertError;
import static io.freshet.http.v3.V3TopicsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One record per request: each key / value type as the official Kafka consumer reads it back (bytes, headers,
 * timestamp, partition), the delivery report, and every request's error status and code.
 */
@Timeout(60)
class V3ProduceTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private String records;

    @BeforeEach
    void start() throws Exception {
        HttpConfig config = new HttpConfig("127.0.0.1", 0, MAX_REQUEST_BYTES, List.of(), 15_000, 300_000);
        http = HttpFixture.start(dataDir, config, "auto.create.topics.enable", "true");
        http.log().createTopic("t", 3, Map.of("max.message.bytes", "2000")).get();
        records = "/v3/clusters/" + http.clusterId() + "/topics/t/records";
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void shouldStoreEachTypeAsConfluentDoesAndReportIt() throws Exception {
        JsonNode json = produce("{\"partition_id\":0,\"key\":{\"type\":\"JSON\",\"data\":{\"id\": 7}},"
            + "\"value\":{\"type\":\"STRING\",\"data\":\"héllo\"}}");
        JsonNode binary = produce("{\"partition_id\":0,\"key\":{\"type\":\"BINARY\",\"data\":\""
            + Base64.getEncoder().encodeToString(new byte[] {0, 1, (byte) 0xff}) + "\"},"
            + "\"value\":{\"type\":\"JSON\",\"data\":[1,\"two\",null]}}");

        assertThat(json.path("error_code").asInt()).isEqualTo(200);
        assertThat(json.path("cluster_id").asText()).isEqualTo(http.clusterId());
        assertThat(json.path("topic_name").asText()).isEqualTo("t");
        assertThat(json.path("partition_id").asInt()).isZero();
        assertThat(json.path("offset").asLong()).isZero();
        assertThat(json.path("key").path("type").asText()).isEqualTo("JSON");
        assertThat(json.path("key").path("size").asInt()).isEqualTo("{\"id\":7}".length());
        assertThat(json.path("value").path("type").asText()).isEqualTo("STRING");
        assertThat(json.path("value").path("size").asInt()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length);
        assertThat(binary.path("offset").asLong()).isEqualTo(1);

        ConsumerRecord<byte[], byte[]> first = read(0, 0);
        ConsumerRecord<byte[], byte[]> second = read(0, 1);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(second.key()).containsExactly(0, 1, 0xff);
        assertThat(new String(second.value(), StandardCharsets.UTF_8)).isEqualTo("[1,\"two\",null]");
        assertThat(Instant.parse(json.path("timestamp").asText()).toEpochMilli()).isEqualTo(first.timestamp());
    }

    @Test
    void shouldKeepHeadersTimestampAndTheChosenPartition() throws Exception {
        String header = Base64.getEncoder().encodeToString("trace-1".getBytes(StandardCharsets.UTF_8));
        JsonNode iso = produce("{\"partition_id\":2,\"headers\":[{\"name\":\"trace\",\"value\":\"" + header + "\"},"
            + "{\"name\":\"empty\",\"value\":null}],\"value\":{\"type\":\"STRING\",\"data\":\"v\"},"
            + "\"timestamp\":\"2026-01-31T12:00:00.123Z\"}");
        JsonNode epoch = produce("{\"partition_id\":2,\"value\":{\"type\":\"STRING\",\"data\":\"w\"},"
            + "\"timestamp\":1700000000000}");

        assertThat(iso.path("partition_id").asInt()).isEqualTo(2);
        assertThat(iso.path("timestamp").asText()).isEqualTo("2026-01-31T12:00:00.123Z");
        assertThat(iso.path("key").isNull()).isTrue();
        ConsumerRecord<byte[], byte[]> record = read(2, iso.path("offset").asLong());
        assertThat(record.timestamp()).isEqualTo(Instant.parse("2026-01-31T12:00:00.123Z").toEpochMilli());
        assertThat(record.key()).isNull();
        assertThat(record.headers().lastHeader("trace").value()).isEqualTo("trace-1".getBytes(StandardCharsets.UTF_8));
        assertThat(record.headers().lastHeader("empty").value()).isNull();
        assertThat(read(2, epoch.path("offset").asLong()).timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(epoch.path("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L).toString());
    }

    @Test
    void shouldInferStringForAStringWithoutTypeAndJsonForOtherValues() throws Exception {
        JsonNode report = produce("{\"partition_id\":1,\"key\":{\"data\":\"k1\"},\"value\":{\"data\":{\"a\":true}}}");

        assertThat(report.path("key").path("type").asText()).isEqualTo("STRING");
        assertThat(report.path("value").path("type").asText()).isEqualTo("JSON");
        ConsumerRecord<byte[], byte[]> record = read(1, report.path("offset").asLong());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":true}");
    }

    @Test
    void shouldPartitionByKeyAsAKafkaProducerWould() throws Exception {
        JsonNode first = produce("{\"key\":{\"type\":\"STRING\",\"data\":\"same\"},\"value\":{\"data\":\"1\"}}");
        JsonNode second = produce("{\"key\":{\"type\":\"STRING\",\"data\":\"same\"},\"value\":{\"data\":\"2\"}}");

        assertThat(second.path("partition_id").asInt()).isEqualTo(first.path("partition_id").asInt());
        assertThat(second.path("offset").asLong()).isEqualTo(first.path("offset").asLong() + 1);
    }

    @Test
    void shouldAnswer404ForAnUnknownTopicAndNotCreateIt() throws Exception {
        HttpResponse<String> response = http.send("POST", "/v3/clusters/" + http.clusterId()
            + "/topics/ghost/records", "application/json", "{\"value\":{\"data\":\"x\"}}");

        assertError(response, 404, 40403);
        assertThat(http.log().partitionCount("ghost")).isEmpty();
        assertError(http.send("POST", "/v3/clusters/nope/topics/t/records", "application/json", "{}"), 404, 404);
    }

    @Test
    void shouldAnswerEachBadRecordWithItsStatusAndCode() throws Exception {
        assertError(post("{\"partition_id\":3,\"value\":{\"data\":\"x\"}}"), 404, 40402);
        assertError(post("{\"partition_id\":-1,\"value\":{\"data\":\"x\"}}"), 404, 40402);
        assertError(post("{\"value\":{\"type\":\"BINARY\",\"data\":\"not base64!\"}}"), 400, 400);
        assertError(post("{\"value\":{\"type\":\"STRING\",\"data\":42}}"), 400, 400);
        assertError(post("{\"value\":{\"type\":\"AVRO\",\"data\":42}}"), 400, 400);
        assertError(post("{\"value\":{\"data\":\"x\"},\"timestamp\":\"yesterday\"}"), 400, 400);
        assertError(post("{\"headers\":[{\"name\":\"h\",\"value\":\"%%%\"}]}"), 400, 400);
        assertError(post("{\"value\":{\"data\":\"" + "x".repeat(3000) + "\"}}"), 400, 40002);
        assertError(post("[1,2]"), 400, 400);
        assertThat(http.log().endOffset(new TopicPartition("t", 0))
            + http.log().endOffset(new TopicPartition("t", 1)) + http.log().endOffset(new TopicPartition("t", 2)))
            .isZero();
    }

    @Test
    void shouldAnswerRequestErrorsWithTheirStatus() throws Exception {
        assertError(post("{\"value\": {\"data\": "), 400, 400);
        assertError(post("{\"value\" 1}"), 400, 400);
        assertError(post(""), 422, 42206);
        assertError(http.send("POST", records, "text/plain", "{}"), 415, 415);
        assertError(http.send("POST", records, null, "{}"), 415, 415);
        assertError(post("{\"value\":{\"data\":\"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}}"), 413, 413);
        assertThat(produce("{\"value\":{\"data\":\"still fine\"}}").path("error_code").asInt()).isEqualTo(200);
    }

    @Test
    void shouldProduceARecordWithNeitherKeyNorValue() throws Exception {
        JsonNode report = produce("{\"partition_id\":0}");

        assertThat(report.path("key").isNull()).isTrue();
        assertThat(report.path("value").isNull()).isTrue();
        ConsumerRecord<byte[], byte[]> record = read(0, report.path("offset").asLong());
        assertThat(record.key()).isNull();
        assertThat(record.value()).isNull();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send("POST", records, "application/json", body);
    }

    private JsonNode produce(String body) throws Exception {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private ConsumerRecord<byte[], byte[]> read(int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("t", partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            throw new AssertionError("No record at t-" + partition + "@" + offset);
        }
    }
}
