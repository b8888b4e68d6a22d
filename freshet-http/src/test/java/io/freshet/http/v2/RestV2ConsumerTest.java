package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.freshet.http.v2.V2Client.BINARY;
import static io.freshet.http.v2.V2Client.JSON;
import static io.freshet.http.v2.V2Client.assertError;
import static io.freshet.http.v2.V2Client.json;
import static org.assertj.core.api.Assertions.assertThat;

/** REST v2 consumer instances on the real broker: lifecycle, formats, the commit rule, errors. */
@Timeout(90)
class RestV2ConsumerTest {

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private V2Client v2;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        http = HttpFixture.start(dataDir, HttpConfig.defaults().withPort(0), "group.initial.rebalance.delay.ms", "0");
        v2 = new V2Client(http);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()));
        http.log().createTopic("events", 1, Map.of()).get();
    }

    @AfterEach
    void stop() {
        admin.close();
        http.close();
    }

    @Test
    void jsonInstanceReadsParsedJsonAndCommitsTheNextOffsetAfterTheLastRecordRead() throws Exception {
        v2.ok(v2.call("POST", "/topics/events", JSON, null,
            "{\"records\":[{\"key\":\"a\",\"value\":{\"n\":1}},{\"value\":[1,2]},{\"value\":\"three\"}]}"));
        JsonNode created = v2.ok(v2.post("/consumers/g1", "{\"name\":\"c1\",\"format\":\"json\","
            + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"));
        assertThat(created.path("instance_id").asText()).isEqualTo("c1");
        assertThat(created.path("base_uri").asText()).isEqualTo(http.baseUri() + "/consumers/g1/instances/c1");
        String c1 = "/consumers/g1/instances/c1";
        assertThat(v2.post(c1 + "/subscription", "{\"topics\":[\"events\"]}").statusCode()).isEqualTo(204);
        assertThat(v2.ok(v2.call("GET", c1 + "/subscription", null, null, null)).toString())
            .isEqualTo("{\"topics\":[\"events\"]}");

        List<JsonNode> records = v2.readRecords(c1, JSON, 3);

        assertThat(records).hasSize(3);
        assertThat(records.get(0).path("topic").asText()).isEqualTo("events");
        assertThat(records.get(0).path("key").asText()).isEqualTo("a");
        assertThat(records.get(0).path("value").path("n").asInt()).isEqualTo(1);
        assertThat(records.get(1).path("key").isNull()).isTrue();
        assertThat(records.get(1).path("value").toString()).isEqualTo("[1,2]");
        assertThat(records.get(2).path("value").asText()).isEqualTo("three");
        assertThat(records.get(2).path("offset").asLong()).isEqualTo(2);
        assertThat(records.get(2).path("partition").asInt()).isZero();

        // Confluent's rule: the body names the last record read (offset 1); the committed position is 2.
        assertThat(v2.post(c1 + "/offsets", "{\"offsets\":[{\"topic\":\"events\",\"partition\":0,\"offset\":1}]}")
            .statusCode()).isEqualTo(200);
        assertThat(committed("g1")).isEqualTo(2);
        JsonNode fetched = v2.ok(v2.call("GET", c1 + "/offsets", V2Client.V2, null,
            "{\"partitions\":[{\"topic\":\"events\",\"partition\":0}]}"));
        assertThat(fetched.path("offsets").get(0).path("offset").asLong()).isEqualTo(2);

        // No body: everything returned so far (3 records) is committed.
        assertThat(v2.post(c1 + "/offsets", null).statusCode()).isEqualTo(200);
        assertThat(committed("g1")).isEqualTo(3);

        assertThat(v2.call("DELETE", c1, null, null, null).statusCode()).isEqualTo(204);
        assertError(v2.call("GET", c1 + "/records", null, JSON, null), 404, 40403);
        assertThat(admin.describeConsumerGroups(List.of("g1")).all().get().get("g1").members()).isEmpty();
    }

    @Test
    void binaryInstanceReadsBase64AndANewInstanceResumesAfterTheCommit() throws Exception {
        byte[] first = {0, 1, (byte) 0xfe};
        v2.ok(v2.call("POST", "/topics/events", BINARY, null, "{\"records\":[{\"key\":\"" + b64("k") + "\","
            + "\"value\":\"" + Base64.getEncoder().encodeToString(first) + "\"},{\"value\":\"" + b64("second")
            + "\"}]}"));
        String c1 = v2.subscribedInstance("g2", "c1", "binary", "earliest", "events");

        List<JsonNode> records = v2.readRecords(c1, BINARY, 2);

        assertThat(records).hasSize(2);
        assertThat(Base64.getDecoder().decode(records.get(0).path("key").asText())).isEqualTo("k".getBytes());
        assertThat(Base64.getDecoder().decode(records.get(0).path("value").asText())).isEqualTo(first);
        v2.ok(v2.post(c1 + "/offsets", "{\"offsets\":[{\"topic\":\"events\",\"partition\":0,\"offset\":0}]}"));
        v2.ok(v2.call("DELETE", c1, null, null, null));

        String c2 = v2.subscribedInstance("g2", "c2", "binary", "earliest", "events");
        List<JsonNode> again = v2.readRecords(c2, V2Client.V2, 1);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).path("offset").asLong()).isEqualTo(1);
        assertThat(new String(Base64.getDecoder().decode(again.get(0).path("value").asText()),
            StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    void maxBytesSplitsAReadAndTheRestComesNext() throws Exception {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 10; i++) {
            body.append(i == 0 ? "" : ",").append("{\"value\":\"").append(b64("0123456789")).append("\"}");
        }
        v2.ok(v2.call("POST", "/topics/events", BINARY, null, body + "]}"));
        String c1 = v2.subscribedInstance("g3", "c1", "binary", "earliest", "events");

        List<JsonNode> firstRead = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (firstRead.isEmpty() && System.nanoTime() < deadline) {
            var list = new java.util.ArrayList<JsonNode>();
            v2.ok(v2.call("GET", c1 + "/records?timeout=500&max_bytes=35", null, BINARY, null)).forEach(list::add);
            firstRead = list;
        }

        assertThat(firstRead).hasSize(3);
        List<JsonNode> rest = v2.readRecords(c1, BINARY, 7);
        assertThat(rest).hasSize(7);
        assertThat(rest.get(0).path("offset").asLong()).isEqualTo(3);
    }

    @Test
    void sameNameInTheGroupIs409AndUnknownInstanceIs404() throws Exception {
        v2.ok(v2.post("/consumers/g4", "{\"name\":\"dup\"}"));

        assertError(v2.post("/consumers/g4", "{\"name\":\"dup\"}"), 409, 40902);
        v2.ok(v2.post("/consumers/other-group", "{\"name\":\"dup\"}"));
        assertError(v2.call("GET", "/consumers/g4/instances/nobody/records", null, null, null), 404, 40403);
        assertError(v2.post("/consumers/g4/instances/nobody/subscription", "{\"topics\":[\"events\"]}"), 404, 40403);
        assertError(v2.call("DELETE", "/consumers/g4/instances/nobody", null, null, null), 404, 40403);
    }

    @Test
    void acceptNamingAnotherFormatIs406() throws Exception {
        String c1 = v2.subscribedInstance("g5", "c1", "json", "earliest", "events");

        HttpResponse<String> response = v2.call("GET", c1 + "/records", null, BINARY, null);

        assertError(response, 406, 40601);
    }

    @Test
    void badInstanceSettingsAndBodiesAreRefused() throws Exception {
        assertError(v2.post("/consumers/g6", "{\"format\":\"avro\"}"), 422, 42204);
        assertError(v2.post("/consumers/g6", "{\"auto.offset.reset\":\"sometimes\"}"), 422, 42204);
        assertError(v2.post("/consumers/g6", "{\"name\":"), 400, 400);
        assertError(v2.call("POST", "/consumers/g6", "application/x-www-form-urlencoded", null, "{}"), 415, 415);
        String c1 = v2.subscribedInstance("g6", "c1", "binary", "earliest", "events");
        assertError(v2.post(c1 + "/subscription", "{\"topics\":[]}"), 400, 400);
        // A seek on a partition the instance is not assigned is refused by its Kafka consumer.
        assertError(v2.post(c1 + "/positions", "{\"offsets\":[{\"topic\":\"nope\",\"partition\":0,\"offset\":1}]}"),
            409, 40903);
    }

    @Test
    void seekAndManualAssignmentReadFromTheChosenOffset() throws Exception {
        v2.ok(v2.call("POST", "/topics/events", JSON, null,
            "{\"records\":[{\"value\":0},{\"value\":1},{\"value\":2},{\"value\":3}]}"));
        v2.ok(v2.post("/consumers/g7", "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}"));
        String c1 = "/consumers/g7/instances/c1";
        assertThat(v2.post(c1 + "/assignments", "{\"partitions\":[{\"topic\":\"events\",\"partition\":0}]}")
            .statusCode()).isEqualTo(204);
        assertThat(v2.ok(v2.call("GET", c1 + "/assignments", null, null, null)).toString())
            .isEqualTo("{\"partitions\":[{\"topic\":\"events\",\"partition\":0}]}");

        assertThat(v2.post(c1 + "/positions", "{\"offsets\":[{\"topic\":\"events\",\"partition\":0,\"offset\":2}]}")
            .statusCode()).isEqualTo(204);
        List<JsonNode> fromTwo = v2.readRecords(c1, JSON, 2);
        v2.ok(v2.post(c1 + "/positions/beginning", "{\"partitions\":[{\"topic\":\"events\",\"partition\":0}]}"));
        List<JsonNode> fromStart = v2.readRecords(c1, JSON, 4);

        assertThat(fromTwo).extracting(r -> r.path("value").asInt()).containsExactly(2, 3);
        assertThat(fromStart).extracting(r -> r.path("value").asInt()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aRecordThatIsNotJsonStopsAJsonReadBeforeItUntilTheClientSeeksPastIt() throws Exception {
        v2.ok(v2.call("POST", "/topics/events", JSON, null, "{\"records\":[{\"value\":0}]}"));
        v2.ok(v2.call("POST", "/topics/events", BINARY, null, "{\"records\":[{\"value\":\"" + b64("not {json")
            + "\"}]}"));
        v2.ok(v2.call("POST", "/topics/events", JSON, null, "{\"records\":[{\"value\":2}]}"));
        String c1 = v2.subscribedInstance("g9", "c1", "json", "earliest", "events");

        List<JsonNode> beforeIt = v2.readRecords(c1, JSON, 1);
        HttpResponse<String> atIt = v2.call("GET", c1 + "/records?timeout=200", null, JSON, null);
        v2.ok(v2.post(c1 + "/positions", "{\"offsets\":[{\"topic\":\"events\",\"partition\":0,\"offset\":2}]}"));
        List<JsonNode> afterIt = v2.readRecords(c1, JSON, 1);

        assertThat(beforeIt).extracting(r -> r.path("offset").asLong()).containsExactly(0L);
        assertError(atIt, 500, 50002);
        assertThat(json(atIt).path("message").asText()).contains("events-0@1");
        assertThat(afterIt).extracting(r -> r.path("value").asInt()).containsExactly(2);
    }

    @Test
    void autoCommitCommitsWhatEarlierReadsReturnedWhenTheInstanceCloses() throws Exception {
        v2.ok(v2.call("POST", "/topics/events", JSON, null, "{\"records\":[{\"value\":0},{\"value\":1}]}"));
        v2.ok(v2.post("/consumers/g8", "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}"));
        String c1 = "/consumers/g8/instances/c1";
        v2.ok(v2.post(c1 + "/subscription", "{\"topics\":[\"events\"]}"));

        assertThat(v2.readRecords(c1, JSON, 2)).hasSize(2);
        v2.ok(v2.call("DELETE", c1, null, null, null));

        assertThat(committed("g8")).isEqualTo(2);
    }

    private long committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata offset = offsets.get(new TopicPartition("events", 0));
        return offset == null ? -1 : offset.offset();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
