package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetOnly;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by npm playwright-core;
 * script src/test/node/console-test.js) opens {@code GET /} on the HTTP listener and uses the console as a person
 * would. This test writes a topic (a JSON value with a header, a binary value, text) and commits a group's offsets
 * behind its end; the script finds the topic in the list, browses its messages, produces one through the form,
 * opens the group, and, once this test committed further offsets, sees the lag change by itself; a topic that does
 * not exist shows the API's message in the error banner; the overview's charts show the topic this test writes to
 * meanwhile (when the broker serves /metrics). The script only
 * reports what the page shows (JSON lines on stdout); the assertions are here. Screenshots of each page:
 * {@code target/console-screenshots/}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@FreshetOnly("Freshet's web console")
class ConsoleBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String TOPIC = "console-orders";
    private static final String TRAFFIC = "console-traffic";
    private static final String GROUP = "console-readers";
    private static final String JSON_VALUE = "{\"order\":1,\"items\":[\"tea\",\"cake\"]}";
    private static final byte[] BINARY_VALUE = {0x00, (byte) 0xff, 0x10, 0x0a, (byte) 0x80};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path logs;

    private static EmbeddedFreshet freshet;

    @BeforeAll
    static void start() {
        Path node = GroupClient.scriptDir().resolve("node/node_modules");
        Assumptions.assumeTrue(ClientProcess.canExecute(CHROMIUM),
                CHROMIUM + " missing: run scripts/install-test-deps.sh");
        Assumptions.assumeTrue(ClientProcess.canExecute(GroupClient.NODE)
                        && Files.isRegularFile(node.resolve("playwright-core/package.json")),
                "node or playwright-core missing (" + node + "): run scripts/install-test-deps.sh");
        freshet = EmbeddedFreshet.start(Map.of("num.partitions", "1"));
    }

    @AfterAll
    static void stop() {
        if (freshet != null) {
            freshet.close();
        }
    }

    @Test
    void aPersonFindsATopicBrowsesItProducesToItAndWatchesAGroupCatchUp() throws Exception {
        writeTopic();
        commit(Map.of(0, 1L, 1, 2L)); // lag 2 on partition 0 (end 3) and 1 on partition 1 (end 3)

        try (ClientProcess browser = runConsole()) {
            JsonNode topics = awaitLine(browser, "topics");
            assertThat(topics.path("rowsFiltered").asInt()).as("the filter narrows the list to the topic").isEqualTo(1);
            assertThat(topics.path("records").asText()).as("records in the list").isEqualTo("6");
            assertThat(topics.path("rowsBefore").asInt()).as("the two topics this test made, no internal one")
                    .isEqualTo(2);

            assertBrowsed(awaitLine(browser, "topic"));
            JsonNode produced = awaitLine(browser, "produced");
            assertProduced(produced);

            assertThat(awaitLine(browser, "groups").path("lag").asText()).as("the group's lag in the list, after the "
                    + "produce to partition 0").isEqualTo("4");
            JsonNode group = awaitLine(browser, "group");
            assertThat(group.path("totalLag").asText()).isEqualTo("4");
            assertThat(offsets(group)).containsExactly("console-orders-0 committed 1 end 4 lag 3",
                    "console-orders-1 committed 2 end 3 lag 1");

            awaitLine(browser, "commit-now");
            commit(Map.of(0, 4L, 1, 3L));
            browser.send("{\"type\":\"committed\"}");
            JsonNode caughtUp = awaitLine(browser, "lag-changed");
            assertThat(caughtUp.path("totalLag").asText()).as("seen without reloading the page").isEqualTo("0");
            assertThat(offsets(caughtUp)).containsExactly("console-orders-0 committed 4 end 4 lag 0",
                    "console-orders-1 committed 3 end 3 lag 0");
            assertThat(caughtUp.path("refreshes").asInt()).as("the page refreshed itself")
                    .isGreaterThan(group.path("refreshes").asInt());

            JsonNode missing = awaitLine(browser, "missing-topic");
            assertThat(missing.path("banner").asText()).as("the API's message in the banner")
                    .contains(TOPIC + "-missing").contains("404");
            assertThat(missing.path("view").asText()).contains("Could not load");

            awaitLine(browser, "overview-opened");
            writeTrafficUntilSeen(browser);
            assertOverview(awaitLine(browser, "overview"));

            browser.awaitSuccess(Duration.ofSeconds(30), "exit");
            assertThat(browser.lines("page-error")).as("no script error in the page").isEmpty();
            assertThat(browser.lines("banner")).singleElement().as("no API error shown")
                    .satisfies(l -> assertThat(l.path("shown").asBoolean()).isFalse());
        }
    }

    /** The JSON value is pretty-printed (two-space indent) and the same document; the binary one is hex. */
    private static void assertBrowsed(JsonNode topic) throws Exception {
        assertThat(topic.path("name").asText()).isEqualTo(TOPIC);
        assertThat(topic.path("partitions").findValuesAsText("endOffset")).containsExactly("3", "3");
        assertThat(textValues(topic.path("configs"))).as("the configs set on the topic, highlighted")
                .containsExactly("retention.ms");
        List<String> rows = new ArrayList<>();
        topic.path("rows").forEach(r -> rows.add(r.path("partition").asInt() + ":" + r.path("offset").asInt()));
        assertThat(rows).as("the newest records of every partition").containsExactlyInAnyOrder(
                "0:0", "0:1", "0:2", "1:0", "1:1", "1:2");

        JsonNode json = topic.path("opened").path("json");
        assertThat(json.path("encoding").asText()).isEqualTo("json");
        assertThat(json.path("value").asText()).as("pretty-printed").contains("\n  \"order\"");
        assertThat(JSON.readTree(json.path("value").asText())).isEqualTo(JSON.readTree(JSON_VALUE));
        assertThat(json.path("key").asText()).isEqualTo("order-1");
        assertThat(json.path("headers").get(0).path("key").asText()).isEqualTo("source");
        assertThat(json.path("headers").get(0).path("value").asText()).isEqualTo("checkout");

        JsonNode binary = topic.path("opened").path("binary");
        assertThat(binary.path("encoding").asText()).isEqualTo("binary");
        assertThat(binary.path("value").asText()).isEqualTo("00 ff 10 0a 80");
    }

    /** The form's answer names the offset, the browser shows that record, and a Kafka consumer reads it there. */
    private void assertProduced(JsonNode produced) throws Exception {
        assertThat(produced.path("partition").asInt()).isZero();
        assertThat(produced.path("offset").asLong()).as("after offsets 0-2").isEqualTo(3);
        assertThat(produced.path("result").asText()).contains("partition 0").contains("offset 3");
        assertThat(produced.path("rows").findValuesAsText("produced")).as("the new record highlighted in the browser")
                .containsOnlyOnce("true");
        assertThat(JSON.readTree(produced.path("shown").path("value").asText()))
                .isEqualTo(JSON.readTree("{\"produced\":\"by the console\",\"n\":1}"));
        assertThat(produced.path("shown").path("headers").get(0).path("value").asText()).isEqualTo("browser");

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(freshet.bootstrapServers())) {
            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(p0));
            consumer.seek(p0, 3);
            ConsumerRecord<String, String> record = KafkaClients.readUntil(consumer, Map.of(p0, 4L),
                    Duration.ofSeconds(10)).get(0);
            assertThat(record.key()).isEqualTo("from-the-console");
            assertThat(new String(record.headers().lastHeader("origin").value(), StandardCharsets.UTF_8))
                    .isEqualTo("browser");
        }
    }

    /** The cluster's id; the charts live exactly when the broker serves /metrics, and then name the busy topic. */
    private void assertOverview(JsonNode overview) throws Exception {
        assertThat(overview.path("clusterId").asText()).isEqualTo(freshet.clusterId());
        int metricsStatus = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(freshet.httpUri() + "/metrics")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (metricsStatus == 200) {
            assertThat(overview.path("metrics").asText()).isEqualTo("live");
            assertThat(textValues(overview.path("rateTopics"))).as("topics with traffic now").contains(TRAFFIC);
        } else {
            assertThat(metricsStatus).as("no metrics: 404").isEqualTo(404);
            assertThat(overview.path("metrics").asText()).isEqualTo("off");
        }
    }

    private void writeTopic() throws Exception {
        KafkaClients.createTopic(freshet.bootstrapServers(), TOPIC, 2, Map.of("retention.ms", "86400000"));
        KafkaClients.createTopic(freshet.bootstrapServers(), TRAFFIC, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, freshet.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> json = new ProducerRecord<>(TOPIC, 0, bytes("order-1"), bytes(JSON_VALUE));
            json.headers().add("source", bytes("checkout"));
            producer.send(json).get();
            producer.send(new ProducerRecord<>(TOPIC, 0, bytes("blob"), BINARY_VALUE)).get();
            producer.send(new ProducerRecord<>(TOPIC, 0, bytes("note"), bytes("plain text"))).get();
            for (int i = 2; i <= 4; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 1, bytes("order-" + i), bytes("{\"order\":" + i + "}")))
                        .get();
            }
        }
    }

    private void commit(Map<Integer, Long> positions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((p, offset) -> offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset)));
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            admin.alterConsumerGroupOffsets(GROUP, offsets).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes to the traffic topic (about 100 records/s) until the page reports the overview or gives up. */
    private void writeTrafficUntilSeen(ClientProcess browser) throws Exception {
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; browser.lines("overview").isEmpty() && browser.isAlive() && System.nanoTime() < deadline;
                 i++) {
                producer.send(new ProducerRecord<>(TRAFFIC, "k" + i, "reading " + i)).get();
                TimeUnit.MILLISECONDS.sleep(10); // pacing, so the chart shows a steady rate
            }
        }
    }

    private ClientProcess runConsole() throws Exception {
        Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        return ClientProcess.start("console", List.of(GroupClient.NODE,
                GroupClient.scriptDir().resolve("node/console-test.js").toString(),
                "--url", freshet.httpUri(), "--topic", TOPIC, "--group", GROUP, "--produce-partition", "0",
                "--traffic-topic", TRAFFIC, "--screenshots", screenshots.toString()), logs);
    }

    private static JsonNode awaitLine(ClientProcess browser, String type) {
        try {
            Awaitility.await("the console script reports " + type).atMost(Duration.ofSeconds(60))
                    .failFast("the script failed or ended", () -> browser.lines(type).isEmpty()
                            && (!browser.lines("failed").isEmpty() || !browser.isAlive()))
                    .until(() -> !browser.lines(type).isEmpty());
        } catch (RuntimeException e) {
            throw new AssertionError("no \"" + type + "\" line from the console script; " + browser.diagnostics(), e);
        }
        return browser.lines(type).get(0);
    }

    private static List<String> offsets(JsonNode group) {
        List<String> out = new ArrayList<>();
        group.path("offsets").forEach(o -> out.add(o.path("topic").asText() + "-" + o.path("partition").asInt()
                + " committed " + o.path("committed").asText() + " end " + o.path("endOffset").asText()
                + " lag " + o.path("lag").asText()));
        return out;
    }

    private static List<String> textValues(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
