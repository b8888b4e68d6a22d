package io.freshet.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import io.freshet.http.json.Json;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's JSON API and files on the real broker, one broker for the class, with known data: topic
 * {@code orders} (3 partitions, retention.ms set) holding JSON, text, binary and a 70 KiB value in partition 0 and
 * three records in partition 1 with timestamps between them; partition 2 empty.
 */
@Timeout(120)
class ConsoleApiTest {

    private static final String ALLOWED_ORIGIN = "http://127.0.0.1:5173";
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Record i of partition 0 has timestamp T0 + i s; record i of partition 1 T0 + i s + 500 ms. */
    private static final long T0 = 1_700_000_000_000L;
    private static final String BIG = "a".repeat(70 * 1024);

    @TempDir
    static Path dataDir;
    private static HttpFixture http;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dataDir, new HttpConfig("127.0.0.1", 0, MAX_REQUEST_BYTES, List.of(ALLOWED_ORIGIN),
            15_000, 300_000));
        EventLog log = http.log();
        log.createTopic("orders", 3, Map.of("retention.ms", "3600000")).join();
        log.createTopic("_freshet_probe", 1, Map.of()).join();
        log.createTopic("empty", 1, Map.of()).join();
        List<Header> headers = List.of(new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8)),
            new RecordHeader("raw", new byte[] {0, 1, 2}));
        append(0, "k-json", "{\"id\":1,\"items\":[1,2]}".getBytes(StandardCharsets.UTF_8), headers, T0);
        append(0, null, "hello world".getBytes(StandardCharsets.UTF_8), List.of(), T0 + 1000);
        append(0, null, new byte[] {0x0a, (byte) 0xff, 0x10}, List.of(), T0 + 2000);
        append(0, null, "multi\nline\ttext".getBytes(StandardCharsets.UTF_8), List.of(), T0 + 3000);
        append(0, null, BIG.getBytes(StandardCharsets.UTF_8), List.of(), T0 + 4000);
        for (int i = 0; i < 3; i++) {
            append(1, "p1", ("p1-" + i).getBytes(StandardCharsets.UTF_8), List.of(), T0 + i * 1000 + 500);
        }
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    // ---- cluster and topics -----------------------------------------------------------------------------------

    @Test
    void clusterNamesTheBrokerItsListenersAndVersion() throws Exception {
        JsonNode cluster = getJson("/console/api/cluster");

        assertThat(cluster.path("clusterId").asText()).isEqualTo(http.clusterId());
        assertThat(cluster.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(cluster.path("brokers")).hasSize(1);
        assertThat(cluster.path("brokers").get(0).path("port").asInt()).isEqualTo(http.broker().boundPort());
        assertThat(cluster.path("controllerId").asInt()).isEqualTo(cluster.path("brokers").get(0).path("id").asInt());
        assertThat(cluster.path("listeners").path("kafka").asText()).isEqualTo(http.bootstrap());
        assertThat(cluster.path("listeners").path("http").asText()).isEqualTo("127.0.0.1:" + http.port());
        assertThat(cluster.path("listeners").path("mqtt").isNull()).isTrue();
        assertThat(cluster.path("features").path("share.version").asInt(-1)).as(cluster.toString()).isBetween(0, 2);
    }

    @Test
    void topicsAreListedByNameWithRecordCountsAndInternalOnesMarked() throws Exception {
        JsonNode topics = getJson("/console/api/topics").path("topics");

        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).contains("_freshet_probe", "empty", "orders").isSorted();
        JsonNode orders = find(topics, "orders");
        assertThat(orders.path("partitions").asInt()).isEqualTo(3);
        assertThat(orders.path("records").asLong()).isEqualTo(8);
        assertThat(orders.path("internal").asBoolean()).isFalse();
        assertThat(orders.path("sizeBytes").asLong(-1)).as("the size on disk, from DescribeLogDirs: %s", orders)
            .isGreaterThan(BIG.length());
        assertThat(find(topics, "_freshet_probe").path("internal").asBoolean()).isTrue();
        assertThat(find(topics, "empty").path("records").asLong()).isZero();
    }

    @Test
    void aTopicShowsItsPartitionsOffsetsAndConfigsWithTheDefaultsMarked() throws Exception {
        JsonNode topic = getJson("/console/api/topics/orders");

        assertThat(topic.path("name").asText()).isEqualTo("orders");
        JsonNode partitions = topic.path("partitions");
        assertThat(partitions).hasSize(3);
        assertThat(partitions.get(0).path("partition").asInt()).isZero();
        assertThat(partitions.get(0).path("startOffset").asLong()).isZero();
        assertThat(partitions.get(0).path("endOffset").asLong()).isEqualTo(5);
        assertThat(partitions.get(1).path("endOffset").asLong()).isEqualTo(3);
        assertThat(partitions.get(2).path("endOffset").asLong()).isZero();
        assertThat(partitions.get(0).path("leader").asInt()).isEqualTo(http.broker().config().nodeId());
        assertThat(partitions.get(0).path("sizeBytes").asLong(-1)).isGreaterThan(BIG.length());
        assertThat(partitions.get(2).path("sizeBytes").asLong(-1)).isZero();
        JsonNode retention = find(topic.path("configs"), "retention.ms");
        assertThat(retention.path("value").asText()).isEqualTo("3600000");
        assertThat(retention.path("isDefault").asBoolean()).isFalse();
        assertThat(retention.path("source").asText()).isEqualTo("DYNAMIC_TOPIC_CONFIG");
        JsonNode cleanup = find(topic.path("configs"), "cleanup.policy");
        assertThat(cleanup.path("isDefault").asBoolean()).isTrue();
        assertThat(cleanup.path("sensitive").asBoolean()).isFalse();
    }

    @Test
    void anUnknownTopicIs404() throws Exception {
        HttpResponse<String> response = http.get("/console/api/topics/no-such-topic");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(response.body()).path("error_code").asInt()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/json"));
    }

    // ---- browsing -----------------------------------------------------------------------------------------------

    @Test
    void payloadsAreClassifiedAsJsonTextOrBinary() throws Exception {
        JsonNode messages = messages("/console/api/topics/orders/messages?partition=0&offset=0");

        assertThat(messages).hasSize(5);
        JsonNode json = messages.get(0);
        assertThat(json.path("timestamp").asLong()).isEqualTo(T0);
        assertThat(json.path("key").path("encoding").asText()).isEqualTo("text");
        assertThat(json.path("key").path("text").asText()).isEqualTo("k-json");
        assertThat(json.path("value").path("encoding").asText()).isEqualTo("json");
        assertThat(json.path("value").path("text").asText())
            .isEqualTo("{\n  \"id\": 1,\n  \"items\": [\n    1,\n    2\n  ]\n}");
        assertThat(json.path("value").path("size").asInt()).isEqualTo(22);
        assertThat(json.path("headers").get(0).path("key").asText()).isEqualTo("trace");
        assertThat(json.path("headers").get(0).path("value").path("text").asText()).isEqualTo("abc");
        assertThat(json.path("headers").get(1).path("value").path("encoding").asText()).isEqualTo("binary");
        assertThat(json.path("headers").get(1).path("value").path("text").asText()).isEqualTo("00 01 02");
        JsonNode text = messages.get(1);
        assertThat(text.path("key").isNull()).isTrue();
        assertThat(text.path("value").path("encoding").asText()).isEqualTo("text");
        assertThat(text.path("value").path("text").asText()).isEqualTo("hello world");
        JsonNode binary = messages.get(2).path("value");
        assertThat(binary.path("encoding").asText()).isEqualTo("binary");
        assertThat(binary.path("text").asText()).isEqualTo("0a ff 10");
        assertThat(binary.path("size").asInt()).isEqualTo(3);
        assertThat(messages.get(3).path("value").path("encoding").asText())
            .as("tabs and line feeds are text").isEqualTo("text");
        JsonNode big = messages.get(4).path("value");
        assertThat(big.path("encoding").asText()).isEqualTo("text");
        assertThat(big.path("size").asInt()).isEqualTo(BIG.length());
        assertThat(big.path("text").asText()).hasSize(64 * 1024);
        assertThat(big.path("truncated").asBoolean()).isTrue();
        assertThat(text.path("value").path("truncated").asBoolean()).isFalse();
    }

    @Test
    void withoutAStartTheNewestRecordsOfEveryPartitionComeInTimestampOrder() throws Exception {
        assertThat(positions(messages("/console/api/topics/orders/messages")))
            .containsExactly("0@0", "1@0", "0@1", "1@1", "0@2", "1@2", "0@3", "0@4");
        assertThat(positions(messages("/console/api/topics/orders/messages?limit=3")))
            .containsExactly("1@2", "0@3", "0@4");
        assertThat(positions(messages("/console/api/topics/orders/messages?partition=1&limit=2")))
            .containsExactly("1@1", "1@2");
    }

    @Test
    void fromAnOffsetEachPartitionIsReadFromThere() throws Exception {
        assertThat(positions(messages("/console/api/topics/orders/messages?partition=0&offset=1&limit=2")))
            .containsExactly("0@1", "0@2");
        assertThat(positions(messages("/console/api/topics/orders/messages?offset=1&limit=3")))
            .containsExactly("0@1", "1@1", "0@2");
        assertThat(messages("/console/api/topics/orders/messages?partition=0&offset=99")).isEmpty();
    }

    @Test
    void fromATimestampReadingStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
        assertThat(positions(messages("/console/api/topics/orders/messages?timestamp=" + (T0 + 1200))))
            .containsExactly("1@1", "0@2", "1@2", "0@3", "0@4");
        assertThat(positions(messages("/console/api/topics/orders/messages?timestamp=" + (T0 + 2000) + "&limit=1")))
            .containsExactly("0@2");
        assertThat(messages("/console/api/topics/orders/messages?timestamp=" + (T0 + 60_000))).isEmpty();
    }

    @Test
    void badParametersAre400AndUnknownTopicsOrPartitions404() throws Exception {
        for (String query : List.of("partition=x", "offset=-1", "limit=0", "limit=501", "timestamp=soon",
            "offset=1&timestamp=2")) {
            HttpResponse<String> response = http.get("/console/api/topics/orders/messages?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(response.body()).path("error_code").asInt()).isEqualTo(400);
        }
        assertThat(http.get("/console/api/topics/orders/messages?partition=3").statusCode()).isEqualTo(404);
        assertThat(http.get("/console/api/topics/nothing-here/messages").statusCode()).isEqualTo(404);
        assertThat(http.log().partitionCount("nothing-here")).as("browsing creates no topic").isEmpty();
    }

    // ---- producing ----------------------------------------------------------------------------------------------

    @Test
    void aProducedMessageIsDurableAndBrowsedBack() throws Exception {
        http.log().createTopic("produced", 2, Map.of()).join();

        HttpResponse<String> response = post("/console/api/topics/produced/messages",
            "{\"key\": \"k1\", \"value\": \"{\\\"a\\\": 1}\", \"headers\": {\"h\": \"v\"}, \"partition\": 1}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode produced = Json.MAPPER.readTree(response.body());
        assertThat(produced.path("partition").asInt()).isEqualTo(1);
        assertThat(produced.path("offset").asLong()).isZero();
        JsonNode back = messages("/console/api/topics/produced/messages?partition=1&offset=0").get(0);
        assertThat(back.path("key").path("text").asText()).isEqualTo("k1");
        assertThat(back.path("value").path("encoding").asText()).isEqualTo("json");
        assertThat(back.path("value").path("text").asText()).isEqualTo("{\n  \"a\": 1\n}");
        assertThat(back.path("headers").get(0).path("key").asText()).isEqualTo("h");
        assertThat(back.path("headers").get(0).path("value").path("text").asText()).isEqualTo("v");

        HttpResponse<String> keyed = post("/console/api/topics/produced/messages", "{\"value\": null}");
        assertThat(keyed.statusCode()).as(keyed.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(keyed.body()).path("partition").asInt()).isBetween(0, 1);
    }

    @Test
    void producingRefusesUnknownTopicsBadBodiesAndTooLargeOnes() throws Exception {
        assertThat(post("/console/api/topics/nowhere/messages", "{\"value\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(http.log().partitionCount("nowhere")).as("producing creates no topic").isEmpty();
        assertThat(post("/console/api/topics/orders/messages", "{\"value\": \"x\", \"partition\": 7}")
            .statusCode()).isEqualTo(404);
        for (String body : List.of("", "[1]", "{\"value\": 5}", "{\"headers\": [\"x\"]}", "{\"partition\": \"a\"}",
            "{not json")) {
            HttpResponse<String> response = post("/console/api/topics/orders/messages", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(response.body()).path("message").asText()).isNotEmpty();
        }
        HttpResponse<String> tooLarge = post("/console/api/topics/orders/messages",
            "{\"value\": \"" + "x".repeat(MAX_REQUEST_BYTES) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        HttpResponse<String> form = http.send("POST", "/console/api/topics/orders/messages",
            "application/x-www-form-urlencoded", "value=x");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(http.log().endOffset(new TopicPartition("orders", 0))).as("nothing was appended").isEqualTo(5);
    }

    // ---- groups, MQTT, SQL --------------------------------------------------------------------------------------

    @Test
    void aGroupWithCommittedOffsetsShowsItsLagPerPartitionAndInAll() throws Exception {
        http.log().commitOffsets("billing", Map.of(new TopicPartition("orders", 0), 2L,
            new TopicPartition("orders", 1), 1L)).join();

        JsonNode billing = getJson("/console/api/groups/billing");
        JsonNode listed = find(getJson("/console/api/groups").path("groups"), "groupId", "billing");

        assertThat(billing.path("protocol").asText()).isEqualTo("classic");
        assertThat(billing.path("state").asText()).isEqualTo("Empty");
        assertThat(billing.path("members")).isEmpty();
        assertThat(billing.path("offsets")).hasSize(2);
        JsonNode first = billing.path("offsets").get(0);
        assertThat(first.path("topic").asText()).isEqualTo("orders");
        assertThat(first.path("partition").asInt()).isZero();
        assertThat(first.path("committed").asLong()).isEqualTo(2);
        assertThat(first.path("endOffset").asLong()).isEqualTo(5);
        assertThat(first.path("lag").asLong()).isEqualTo(3);
        assertThat(billing.path("offsets").get(1).path("lag").asLong()).isEqualTo(2);
        assertThat(listed.path("lag").asLong()).isEqualTo(5);
        assertThat(listed.path("members").asInt()).isZero();
        assertThat(listed.path("protocol").asText()).isEqualTo("classic");
    }

    @Test
    void aConsumerGroupShowsItsMemberWithItsAssignment() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG, "shipping",
            ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
            ConsumerConfig.CLIENT_ID_CONFIG, "shipping-1",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 3;
            });
            consumer.commitSync(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(4)));

            JsonNode shipping = getJson("/console/api/groups/shipping");

            assertThat(shipping.path("protocol").asText()).isEqualTo("consumer");
            assertThat(shipping.path("state").asText()).isEqualTo("Stable");
            assertThat(shipping.path("members")).hasSize(1);
            JsonNode member = shipping.path("members").get(0);
            assertThat(member.path("clientId").asText()).isEqualTo("shipping-1");
            assertThat(member.path("memberId").asText()).isNotEmpty();
            assertThat(member.path("host").asText()).isNotEmpty();
            List<String> assigned = new ArrayList<>();
            member.path("assignments").forEach(a -> assigned.add(a.path("topic").asText() + "-"
                + a.path("partition").asInt()));
            assertThat(assigned).containsExactly("orders-0", "orders-1", "orders-2");
            assertThat(shipping.path("offsets")).hasSize(1);
            assertThat(shipping.path("offsets").get(0).path("lag").asLong()).isEqualTo(1);
            JsonNode listed = find(getJson("/console/api/groups").path("groups"), "groupId", "shipping");
            assertThat(listed.path("members").asInt()).isEqualTo(1);
            assertThat(listed.path("lag").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aShareGroupShowsItsMemberAndStartOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()))) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "audit");
            admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                .all().get(10, TimeUnit.SECONDS);
        }
        try (KafkaShareConsumer<byte[], byte[]> consumer = new KafkaShareConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG, "audit",
            ConsumerConfig.CLIENT_ID_CONFIG, "audit-1"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());

            JsonNode audit = getJson("/console/api/groups/audit");

            assertThat(audit.path("protocol").asText()).isEqualTo("share");
            assertThat(audit.path("members")).hasSize(1);
            assertThat(audit.path("members").get(0).path("clientId").asText()).isEqualTo("audit-1");
            assertThat(audit.path("members").get(0).path("assignments")).hasSize(3);
            assertThat(audit.path("offsets")).isNotEmpty();
            audit.path("offsets").forEach(offset -> {
                assertThat(offset.path("topic").asText()).isEqualTo("orders");
                assertThat(offset.path("committed").asLong()).isBetween(0L, offset.path("endOffset").asLong());
            });
            JsonNode listed = find(getJson("/console/api/groups").path("groups"), "groupId", "audit");
            assertThat(listed.path("protocol").asText()).isEqualTo("share");
            assertThat(listed.path("members").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownGroupIs404() throws Exception {
        HttpResponse<String> response = http.get("/console/api/groups/no-such-group");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(response.body()).path("message").asText()).contains("no-such-group");
    }

    @Test
    void withoutMqttOrSqlTheirViewsSayDisabled() throws Exception {
        JsonNode mqtt = getJson("/console/api/mqtt/clients");
        JsonNode sql = getJson("/console/api/sql/queries");

        assertThat(mqtt.path("enabled").asBoolean()).isFalse();
        assertThat(mqtt.path("clients")).isEmpty();
        assertThat(sql.path("enabled").asBoolean()).isFalse();
        assertThat(sql.path("queries")).isEmpty();
    }

    // ---- the page and its files ---------------------------------------------------------------------------------

    @Test
    void theRootServesThePageWithoutCaching() throws Exception {
        HttpResponse<String> page = http.client().send(HttpRequest.newBuilder(URI.create(http.baseUri() + "/"))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET().build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(page.body()).isEqualTo(resource("index.html"));
        assertThat(http.get("/").body()).as("curl's */*").isEqualTo(resource("index.html"));
    }

    @Test
    void theRootAnswersAJsonClientAsConfluentsProxyDoes() throws Exception {
        HttpResponse<String> root = http.client().send(HttpRequest.newBuilder(URI.create(http.baseUri() + "/"))
            .header("Accept", "application/vnd.kafka.v2+json").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("{}");
    }

    @Test
    void filesAreServedWithTheirContentTypes() throws Exception {
        Map<String, String> types = Map.of("console-test.js", "text/javascript; charset=utf-8",
            "console-test.css", "text/css; charset=utf-8", "console-test.svg", "image/svg+xml",
            "console-test.png", "image/png", "console-test.json", "application/json");
        for (Map.Entry<String, String> file : types.entrySet()) {
            HttpResponse<byte[]> response = http.client().send(HttpRequest.newBuilder(
                URI.create(http.baseUri() + "/console/" + file.getKey())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).as(file.getKey()).hasValue(file.getValue());
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(response.body()).isEqualTo(resourceBytes(file.getKey()));
        }
        assertThat(http.get("/console/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void aFileTheBrowserAlreadyHasIsAnswered304ByItsETag() throws Exception {
        URI script = URI.create(http.baseUri() + "/console/console-test.js");
        HttpResponse<String> first = http.client().send(HttpRequest.newBuilder(script).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        String etag = first.headers().firstValue("etag").orElseThrow();

        HttpResponse<String> again = http.client().send(HttpRequest.newBuilder(script)
            .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        HttpResponse<String> stale = http.client().send(HttpRequest.newBuilder(script)
            .header("If-None-Match", "\"an-older-version\"").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void nothingOutsideTheConsoleFolderIsServed() throws Exception {
        for (String path : List.of("/console/../console/api/cluster", "/console/..%2Fversion.properties",
            "/console/%2e%2e%2fversion.properties", "/console/%2e%2e/%2e%2e/console/version.properties",
            "/console/..%5cversion.properties", "/console/.hidden.js", "/console/ConsoleAssets.class",
            "/console/%2e%2e", "/console/..", "/console/static%2Findex.html")) {
            String answer = rawGet(path);
            assertThat(answer).as(path).startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void aPreflightFromAnAllowedOriginMayPostMessages() throws Exception {
        HttpResponse<String> preflight = http.client().send(HttpRequest.newBuilder(
                URI.create(http.baseUri() + "/console/api/topics/orders/messages"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", ALLOWED_ORIGIN)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = http.client().send(HttpRequest.newBuilder(
                URI.create(http.baseUri() + "/console/api/topics"))
            .header("Origin", ALLOWED_ORIGIN).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> other = http.client().send(HttpRequest.newBuilder(
                URI.create(http.baseUri() + "/console/api/topics"))
            .header("Origin", "http://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(preflight.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");
        assertThat(get.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void append(int partition, String key, byte[] value, List<Header> headers, long timestamp) {
        http.log().append(new TopicPartition("orders", partition), new OutgoingRecord(
            key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, timestamp),
            Durability.DURABLE).join();
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode messages(String path) throws Exception {
        return getJson(path).path("messages");
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send("POST", path, "application/json", body);
    }

    /** "PARTITION@OFFSET" of each message, in the answer's order. */
    private static List<String> positions(JsonNode messages) {
        List<String> positions = new ArrayList<>();
        messages.forEach(m -> positions.add(m.path("partition").asInt() + "@" + m.path("offset").asLong()));
        return positions;
    }

    private static JsonNode find(JsonNode array, String name) {
        return find(array, "name", name);
    }

    private static JsonNode find(JsonNode array, String field, String name) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("No " + name + " in " + array);
    }

    private static byte[] resourceBytes(String file) throws Exception {
        try (InputStream in = ConsoleApiTest.class.getClassLoader()
            .getResourceAsStream("io/freshet/http/console/static/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String resource(String file) throws Exception {
        return new String(resourceBytes(file), StandardCharsets.UTF_8);
    }

    /** A GET with the path sent exactly as written (no client normalizes it); the status line and what follows. */
    private static String rawGet(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
