package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import io.freshet.http.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Confluent v3 topics and partitions on the real broker: shapes, links and error codes. */
@Timeout(60)
class V3TopicsTest {

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private String topics;

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir);
        topics = "/v3/clusters/" + http.clusterId() + "/topics";
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void shouldCreateATopicWithPartitionsAndConfigsAndAnswer201WithIt() throws Exception {
        HttpResponse<String> created = http.send("POST", topics, "application/json",
            "{\"topic_name\":\"orders\",\"partitions_count\":3,\"replication_factor\":1,"
                + "\"configs\":[{\"name\":\"cleanup.policy\",\"value\":\"compact\"}]}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode topic = json(created);
        String self = http.baseUri() + topics + "/orders";
        assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
        assertThat(topic.path("metadata").path("self").asText()).isEqualTo(self);
        assertThat(topic.path("metadata").path("resource_name").asText())
            .isEqualTo("crn:///kafka=" + http.clusterId() + "/topic=orders");
        assertThat(topic.path("cluster_id").asText()).isEqualTo(http.clusterId());
        assertThat(topic.path("topic_name").asText()).isEqualTo("orders");
        assertThat(topic.path("is_internal").asBoolean()).isFalse();
        assertThat(topic.path("replication_factor").asInt()).isEqualTo(1);
        assertThat(topic.path("partitions_count").asInt()).isEqualTo(3);
        assertThat(topic.path("partitions").path("related").asText()).isEqualTo(self + "/partitions");
        assertThat(topic.path("configs").path("related").asText()).isEqualTo(self + "/configs");
        assertThat(http.log().describeTopic("orders").orElseThrow().configs())
            .containsEntry("cleanup.policy", "compact");
        assertThat(http.log().partitionCount("orders")).hasValue(3);
    }

    @Test
    void shouldListTopicsByNameWithInternalOnesMarked() throws Exception {
        create("b-topic", 1);
        create("a-topic", 2);
        create("__internal_like", 1);

        HttpResponse<String> listed = http.get(topics);

        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode body = json(listed);
        assertThat(body.path("kind").asText()).isEqualTo("KafkaTopicList");
        assertThat(body.path("metadata").path("self").asText()).isEqualTo(http.baseUri() + topics);
        List<String> names = new ArrayList<>();
        body.path("data").forEach(t -> names.add(t.path("topic_name").asText()));
        assertThat(names).containsSubsequence("__internal_like", "a-topic", "b-topic");
        assertThat(names).isSorted();
        body.path("data").forEach(t -> assertThat(t.path("is_internal").asBoolean())
            .as(t.path("topic_name").asText()).isEqualTo(t.path("topic_name").asText().startsWith("__")));
        JsonNode a = find(body, "a-topic");
        assertThat(a.path("partitions_count").asInt()).isEqualTo(2);
    }

    @Test
    void shouldGetATopicAndItsPartitionsWithLeaderLinks() throws Exception {
        create("events", 2);

        JsonNode topic = json(http.get(topics + "/events"));
        HttpResponse<String> partitions = http.get(topics + "/events/partitions");
        HttpResponse<String> partition = http.get(topics + "/events/partitions/1");

        assertThat(topic.path("partitions_count").asInt()).isEqualTo(2);
        assertThat(partitions.statusCode()).isEqualTo(200);
        JsonNode list = json(partitions);
        assertThat(list.path("kind").asText()).isEqualTo("KafkaPartitionList");
        assertThat(list.path("data")).hasSize(2);
        assertThat(list.path("data").get(0).path("partition_id").asInt()).isZero();
        JsonNode one = json(partition);
        String self = http.baseUri() + topics + "/events/partitions/1";
        assertThat(one.path("kind").asText()).isEqualTo("KafkaPartition");
        assertThat(one.path("metadata").path("self").asText()).isEqualTo(self);
        assertThat(one.path("metadata").path("resource_name").asText())
            .isEqualTo("crn:///kafka=" + http.clusterId() + "/topic=events/partition=1");
        assertThat(one.path("topic_name").asText()).isEqualTo("events");
        assertThat(one.path("partition_id").asInt()).isEqualTo(1);
        assertThat(one.path("leader").path("related").asText()).isEqualTo(self + "/replicas/1");
    }

    @Test
    void shouldDeleteATopicWith204AndThen404() throws Exception {
        create("doomed", 1);

        HttpResponse<String> deleted = http.send("DELETE", topics + "/doomed", null, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(http.log().partitionCount("doomed")).isEmpty();
        assertError(http.get(topics + "/doomed"), 404, 40403);
        assertError(http.send("DELETE", topics + "/doomed", null, null), 404, 40403);
    }

    @Test
    void shouldAnswerConfluentsCodesForUnknownClusterTopicAndPartition() throws Exception {
        create("known", 2);

        assertError(http.get("/v3/clusters/nope/topics"), 404, 404);
        assertError(http.get("/v3/clusters/nope/topics/known"), 404, 404);
        assertError(http.send("POST", "/v3/clusters/nope/topics", "application/json",
            "{\"topic_name\":\"x\"}"), 404, 404);
        assertError(http.get(topics + "/unknown"), 404, 40403);
        assertError(http.get(topics + "/unknown/partitions"), 404, 40403);
        assertError(http.get(topics + "/known/partitions/2"), 404, 40402);
        assertError(http.get(topics + "/known/partitions/x"), 404, 40402);
    }

    @Test
    void shouldRefuseAnExistingTopicABadNameABadConfigAndAReplicationFactorAboveOne() throws Exception {
        create("taken", 1);

        HttpResponse<String> exists = http.send("POST", topics, "application/json", "{\"topic_name\":\"taken\"}");
        assertError(exists, 400, 40002);
        assertThat(json(exists).path("message").asText()).isEqualTo("Topic 'taken' already exists.");
        assertError(http.send("POST", topics, "application/json", "{\"topic_name\":\"bad/name\"}"), 400, 40002);
        assertError(http.send("POST", topics, "application/json",
            "{\"topic_name\":\"conf\",\"configs\":[{\"name\":\"cleanup.policy\",\"value\":\"bogus\"}]}"), 400, 40002);
        assertError(http.send("POST", topics, "application/json",
            "{\"topic_name\":\"rf\",\"replication_factor\":3}"), 400, 40002);
        assertError(http.send("POST", topics, "application/json", "{\"topic_name\":\"np\",\"partitions_count\":0}"),
            400, 40002);
        assertError(http.send("POST", topics, "text/plain", "{\"topic_name\":\"ct\"}"), 415, 415);
        assertError(http.send("POST", topics, "application/json", "{\"topic_name\":"), 400, 400);
        assertError(http.send("POST", topics, "application/json", ""), 422, 42206);
        assertThat(http.log().topics()).doesNotContain("bad/name", "conf", "rf", "np", "ct");
    }

    @Test
    void shouldTakeAnAbsentPartitionCountAndReplicationFactorOfMinusOneAsTheDefaults() throws Exception {
        HttpResponse<String> created = http.send("POST", topics, "application/json",
            "{\"topic_name\":\"defaults\",\"replication_factor\":-1}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("partitions_count").asInt()).isEqualTo(1);
    }

    private void create(String topic, int partitions) throws Exception {
        http.log().createTopic(topic, partitions, Map.of()).get();
    }

    private static JsonNode find(JsonNode list, String topic) {
        for (JsonNode t : list.path("data")) {
            if (t.path("topic_name").asText().equals(topic)) {
                return t;
            }
        }
        throw new AssertionError(topic + " not in " + list);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    static void assertError(HttpResponse<String> response, int status, int errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("error_code").asInt()).as(response.body()).isEqualTo(errorCode);
        assertThat(body.path("message").asText()).isNotEmpty();
    }
}
