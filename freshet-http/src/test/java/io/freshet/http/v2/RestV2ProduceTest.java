package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.freshet.http.v2.V2Client.BINARY;
import static io.freshet.http.v2.V2Client.JSON;
import static io.freshet.http.v2.V2Client.assertError;
import static io.freshet.http.v2.V2Client.json;
import static org.assertj.core.api.Assertions.assertThat;

/** REST v2 topic metadata and produce on the real broker, cross-checked with the official Kafka consumer. */
@Timeout(60)
class RestV2ProduceTest {

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private V2Client v2;

    @BeforeEach
    void start() throws Exception {
        http = HttpFixture.start(dataDir);
        v2 = new V2Client(http);
        http.log().createTopic("orders", 2, Map.of("retention.ms", "86400000")).get();
        http.log().createTopic("events", 1, Map.of()).get();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void topicsListsTopicsWithoutInternalOnes() throws Exception {
        http.log().createTopic("__hidden", 1, Map.of()).get();

        HttpResponse<String> response = http.get("/topics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(V2Client.V2);
        assertThat(json(response).toString()).isEqualTo("[\"events\",\"orders\"]");
    }

    @Test
    void topicDescribesConfigsAndPartitions() throws Exception {
        JsonNode topic = v2.ok(http.get("/topics/orders"));

        assertThat(topic.path("name").asText()).isEqualTo("orders");
        assertThat(topic.path("configs").path("retention.ms").asText()).isEqualTo("86400000");
        assertThat(topic.path("partitions")).hasSize(2);
        JsonNode second = topic.path("partitions").get(1);
        assertThat(second.path("partition").asInt()).isEqualTo(1);
        assertThat(second.path("leader").asInt()).isEqualTo(0);
        assertThat(second.path("replicas").get(0).path("in_sync").asBoolean()).isTrue();
        assertThat(v2.ok(http.get("/topics/orders/partitions"))).hasSize(2);
        assertError(http.get("/topics/nope"), 404, 40401);
        assertError(http.get("/topics/orders/partitions/2"), 404, 40402);
    }

    @Test
    void jsonProduceStoresEachValueAsItsJsonTextAndAnswersOffsetsInOrder() throws Exception {
        HttpResponse<String> response = v2.call("POST", "/topics/events", JSON, null,
            "{\"records\":[{\"key\":\"k1\",\"value\":{\"n\":1,\"tags\":[\"a\"]}},{\"value\":42},{\"value\":null}]}");

        JsonNode answer = v2.ok(response);
        assertThat(answer.path("key_schema_id").isNull()).isTrue();
        assertThat(answer.path("offsets")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(answer.path("offsets").get(i).path("offset").asLong()).isEqualTo(i);
            assertThat(answer.path("offsets").get(i).path("partition").asInt()).isEqualTo(0);
            assertThat(answer.path("offsets").get(i).path("error_code").isNull()).isTrue();
        }
        List<ConsumerRecord<byte[], byte[]>> read = V2Client.kafkaRead(http.bootstrap(),
            new TopicPartition("events", 0), 3);
        assertThat(read).hasSize(3);
        assertThat(new String(read.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("\"k1\"");
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1,\"tags\":[\"a\"]}");
        assertThat(read.get(1).key()).isNull();
        assertThat(new String(read.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("42");
        assertThat(read.get(2).value()).isNull();
    }

    @Test
    void binaryProduceStoresDecodedBytesInTheNamedPartition() throws Exception {
        byte[] value = {0, (byte) 0xff, 7, 'x'};
        String body = "{\"records\":[{\"key\":\"" + b64("key".getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\""
            + b64(value) + "\",\"partition\":1},{\"value\":\"" + b64(new byte[]{1}) + "\",\"partition\":1}]}";

        JsonNode answer = v2.ok(v2.call("POST", "/topics/orders", BINARY, null, body));

        assertThat(answer.path("offsets").get(0).path("partition").asInt()).isEqualTo(1);
        assertThat(answer.path("offsets").get(1).path("offset").asLong()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> read = V2Client.kafkaRead(http.bootstrap(),
            new TopicPartition("orders", 1), 2);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).key()).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(0).value()).isEqualTo(value);
        assertThat(read.get(1).value()).isEqualTo(new byte[]{1});
    }

    @Test
    void produceToAPartitionPath() throws Exception {
        JsonNode answer = v2.ok(v2.call("POST", "/topics/orders/partitions/1", JSON, null,
            "{\"records\":[{\"value\":\"a\"},{\"value\":\"b\"}]}"));

        assertThat(answer.path("offsets").get(1).path("partition").asInt()).isEqualTo(1);
        assertThat(answer.path("offsets").get(1).path("offset").asLong()).isEqualTo(1);
        assertThat(V2Client.kafkaRead(http.bootstrap(), new TopicPartition("orders", 1), 2)).hasSize(2);
        assertError(v2.call("POST", "/topics/orders/partitions/5", JSON, null, "{\"records\":[{\"value\":1}]}"),
            404, 40402);
    }

    @Test
    void aRecordForAMissingPartitionGetsItsErrorInItsSlotWhileTheOthersAreWritten() throws Exception {
        JsonNode answer = v2.ok(v2.call("POST", "/topics/orders", JSON, null,
            "{\"records\":[{\"value\":1,\"partition\":0},{\"value\":2,\"partition\":9},"
                + "{\"value\":3,\"partition\":0}]}"));

        JsonNode offsets = answer.path("offsets");
        assertThat(offsets.get(0).path("offset").asLong()).isEqualTo(0);
        assertThat(offsets.get(1).path("error_code").asInt()).isEqualTo(40402);
        assertThat(offsets.get(1).path("error").asText()).contains("orders-9");
        assertThat(offsets.get(2).path("offset").asLong()).isEqualTo(1);
    }

    @Test
    void unknownTopicIs404AndIsNotCreated() throws Exception {
        assertError(v2.call("POST", "/topics/ghost", JSON, null, "{\"records\":[{\"value\":1}]}"), 404, 40401);
        assertThat(http.log().partitionCount("ghost")).isEmpty();
    }

    @Test
    void otherContentTypesAre415() throws Exception {
        String body = "{\"records\":[{\"value\":1}]}";
        assertError(v2.call("POST", "/topics/events", "application/json", null, body), 415, 415);
        assertError(v2.call("POST", "/topics/events", V2Client.V2, null, body), 415, 415);
        HttpResponse<String> avro = v2.call("POST", "/topics/events", "application/vnd.kafka.avro.v2+json", null,
            body);
        assertError(avro, 415, 415);
        assertThat(json(avro).path("message").asText()).contains("Schema Registry");
        assertThat(http.log().endOffset(new TopicPartition("events", 0))).isZero();
    }

    @Test
    void badBase64IsRefusedWholeAndNothingIsWritten() throws Exception {
        HttpResponse<String> response = v2.call("POST", "/topics/events", BINARY, null,
            "{\"records\":[{\"value\":\"" + b64(new byte[]{1}) + "\"},{\"value\":\"not base64!\"}]}");

        assertError(response, 422, 42201);
        assertThat(json(response).path("message").asText()).contains("base64");
        assertThat(http.log().endOffset(new TopicPartition("events", 0))).isZero();
    }

    @Test
    void invalidJsonAndMissingRecordsAreRefused() throws Exception {
        assertError(v2.call("POST", "/topics/events", JSON, null, "{\"records\":[{\"value\":"), 400, 400);
        assertError(v2.call("POST", "/topics/events", JSON, null, "{\"value\":1}"), 422, 42201);
        assertThat(http.log().endOffset(new TopicPartition("events", 0))).isZero();
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
