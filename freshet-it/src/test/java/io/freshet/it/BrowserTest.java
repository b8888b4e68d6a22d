package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser: headless Chromium (Debian's /usr/bin/chromium, driven by npm playwright-core; script
 * src/test/node/browser-test.js, page src/test/node/browser/page.html) loads a page from another origin than
 * Freshet's HTTP listener, which allows that origin ({@code http.cors.allowed.origins}). The page subscribes with
 * EventSource and WebSocket on {@code records:stream} and with mqtt.js over WebSocket at {@code /mqtt}, and sees what
 * a Kafka Java producer writes; then it produces with fetch (REST v3), over the WebSocket and with mqtt.js, and a
 * Kafka Java consumer reads it. The same page from an origin Freshet does not allow gets nothing: the browser refuses
 * the answers to its fetch and EventSource (no CORS headers), and Freshet its WebSocket (403).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final int RECORDS = 5;

    @TempDir
    Path logs;

    private final int pagePort = FreshetProcess.freePort();
    private final int otherPort = FreshetProcess.freePort();
    /** The embedded Freshet, or a gateway in front of -Dfreshet.it.bootstrap: either allows the page's origin. */
    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest().withProperty("num.partitions", "1")
            .withProperty("http.cors.allowed.origins", "http://127.0.0.1:" + pagePort);

    @BeforeEach
    void start() {
        Path node = GroupClient.scriptDir().resolve("node/node_modules");
        Assumptions.assumeTrue(ClientProcess.canExecute(CHROMIUM),
                CHROMIUM + " missing: run scripts/install-test-deps.sh");
        Assumptions.assumeTrue(ClientProcess.canExecute(GroupClient.NODE)
                && Files.isRegularFile(node.resolve("playwright-core/package.json"))
                && Files.isRegularFile(node.resolve("mqtt/dist/mqtt.min.js")),
                "node, playwright-core or mqtt.js missing (" + node + "): run scripts/install-test-deps.sh");
    }

    /** Creates the topics with a Kafka client and waits until REST knows them (a gateway learns a moment later). */
    private void createTopics(String... topics) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String topic : topics) {
            KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
            java.net.http.HttpRequest describe = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    freshet.httpUri() + "/v3/clusters/" + freshet.clusterId() + "/topics/" + topic)).build();
            Awaitility.await(topic + " known over REST").atMost(Duration.ofSeconds(30)).until(() ->
                    http.send(describe, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    @Test
    void aPageOnAnotherOriginStreamsWhatKafkaWritesAndProducesWhatKafkaReads() throws Exception {
        String topic = "browser-readings";
        String produced = "browser-writes";
        createTopics(topic, produced);

        try (ClientProcess browser = runPage(topic, produced, "sse,ws,mqtt,fetch,wsproduce")) {
            awaitReadyThenProduce(browser, topic);
            browser.awaitSuccess(Duration.ofSeconds(60), "exit");
            assertThat(failures(browser)).as(browser.diagnostics()).isEmpty();

            assertThat(from(browser, "sse")).extracting(l -> l.path("record").path("value").asText())
                    .as("(a) EventSource").containsExactlyElementsOf(expectedValues());
            assertThat(from(browser, "sse")).extracting(l -> l.path("record").path("key").asText())
                    .containsOnly("sensor-1");
            assertThat(from(browser, "sse")).extracting(l -> l.path("record").path("offset").asLong())
                    .containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(from(browser, "sse")).extracting(l -> l.path("lastEventId").asText())
                    .as("each event's id: the position to resume from").containsExactly("0:1", "0:2", "0:3", "0:4",
                            "0:5");
            assertThat(from(browser, "ws")).extracting(l -> l.path("record").path("value").asText())
                    .as("(b) WebSocket").containsExactlyElementsOf(expectedValues());
            assertThat(from(browser, "mqtt")).extracting(l -> l.path("payload").asText())
                    .as("(c) mqtt.js over WebSocket").containsExactlyElementsOf(expectedValues());
            assertThat(from(browser, "mqtt")).extracting(l -> l.path("topic").asText())
                    .containsOnly(topic + "/sensor-1");
            assertThat(from(browser, "clusters")).singleElement().as("fetch, answered with CORS headers")
                    .satisfies(l -> assertThat(l.path("body").path("data").get(0).path("cluster_id").asText())
                            .isEqualTo(freshet.clusterId()));

            List<JsonNode> reports = from(browser, "produced");
            assertThat(reports).extracting(l -> l.path("via").asText())
                    .containsExactly("fetch", "websocket", "mqtt");
            assertThat(reports.get(0).path("status").asInt()).as("fetch POST, REST v3").isEqualTo(200);
            assertThat(reports.get(0).path("report").path("error_code").asInt()).isEqualTo(200);
            assertThat(reports.get(0).path("report").path("offset").asLong()).isZero();
            assertThat(reports.get(1).path("report").path("error_code").asInt()).as("over the WebSocket")
                    .isEqualTo(200);
            assertThat(reports.get(1).path("report").path("offset").asLong()).isEqualTo(1);
            assertRefusedOnTheOtherOrigin(browser);
            assertThat(browser.lines("eventsource")).as("an EventSource from that origin fails").singleElement()
                    .satisfies(l -> assertThat(l.path("opened").asBoolean()).isFalse());
        }

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), produced,
                Duration.ofSeconds(30));
        assertThat(read).extracting(r -> r.key() + "=" + r.value()).as("(d) what the page produced")
                .containsExactly("browser-fetch={\"via\":\"fetch\"}", "browser-ws=via websocket",
                        "browser-mqtt=via mqtt.js");
    }

    /** Starts the browser on the page; {@code parts}: what the page does (see page.html). */
    private ClientProcess runPage(String topic, String produced, String parts) {
        return ClientProcess.start("browser", List.of(GroupClient.NODE,
                GroupClient.scriptDir().resolve("node/browser-test.js").toString(),
                "--api", freshet.httpUri(), "--cluster", freshet.clusterId(), "--topic", topic,
                "--produce", produced, "--count", Integer.toString(RECORDS), "--parts", parts,
                "--page-port", Integer.toString(pagePort), "--other-port", Integer.toString(otherPort)), logs);
    }

    /** Once the page says it subscribed, a Kafka producer writes RECORDS records to {@code topic}. */
    private void awaitReadyThenProduce(ClientProcess browser, String topic) throws Exception {
        Awaitility.await("the page subscribed").atMost(Duration.ofSeconds(60))
                .failFast(() -> !failures(browser).isEmpty() || !browser.isAlive())
                .until(() -> !browser.lines("ready").isEmpty());
        try (KafkaProducer<String, String> producer = KafkaClients.producer(freshet.bootstrapServers())) {
            for (String value : expectedValues()) {
                producer.send(new ProducerRecord<>(topic, "sensor-1", value)).get();
            }
        }
    }

    private static List<String> expectedValues() {
        return IntStream.range(0, RECORDS).mapToObj(i -> "kafka-" + i).toList();
    }

    /** The page on the origin Freshet does not allow: its fetch failed (the browser refused the answer). */
    private static void assertRefusedOnTheOtherOrigin(ClientProcess browser) {
        assertThat(browser.lines("fetch")).as("the browser refuses the answer to a page of another origin")
                .singleElement().satisfies(l -> {
                    assertThat(l.path("origin").asText()).isEqualTo("other");
                    assertThat(l.path("ok").asBoolean()).isFalse();
                });
        assertThat(browser.lines("console-error")).as("Chromium names the reason")
                .anySatisfy(l -> assertThat(l.path("text").asText()).contains("blocked by CORS policy"));
        assertThat(browser.lines("websocket")).as("a WebSocket from that origin is refused by Freshet (403)")
                .singleElement().satisfies(l -> assertThat(l.path("opened").asBoolean()).isFalse());
    }

    private static List<JsonNode> failures(ClientProcess browser) {
        return browser.lines("failed");
    }

    /** The page's reports of {@code type} on the allowed origin. */
    private static List<JsonNode> from(ClientProcess browser, String type) {
        Predicate<JsonNode> allowed = l -> "allowed".equals(l.path("origin").asText());
        return new ArrayList<>(browser.lines(type).stream().filter(allowed).toList());
    }
}
