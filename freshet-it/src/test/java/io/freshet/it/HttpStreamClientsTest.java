package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP listener's live streams (records:stream) with npm `eventsource` 5 and `ws` 8 (script
 * src/test/node/stream-client.mjs, installed by scripts/install-test-deps.sh), records written and read by the
 * official Kafka Java client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpStreamClientsTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    private FreshetExtension broker; // the embedded Freshet, or a gateway in front of -Dfreshet.it.bootstrap

    @TempDir
    Path logs;

    @BeforeAll
    void useBroker() {
        Path node = GroupClient.scriptDir().resolve("node/node_modules");
        Assumptions.assumeTrue(ClientProcess.canExecute(GroupClient.NODE)
                && Files.isRegularFile(node.resolve("eventsource/package.json"))
                && Files.isRegularFile(node.resolve("ws/package.json")),
            "node, eventsource or ws missing in " + node + ": run scripts/install-test-deps.sh");
        broker = freshet;
    }

    private ClientProcess client(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(GroupClient.NODE,
            GroupClient.scriptDir().resolve("node/stream-client.mjs").toString()));
        command.addAll(List.of(args));
        return ClientProcess.start(name, command, logs);
    }

    /**
     * Creates {@code topic} with a Kafka client, then waits until REST says it exists (streams never create one): at
     * once on Freshet; a gateway in front of a cluster learns of another client's topic a moment later.
     */
    private void createTopic(String topic, int partitions) throws Exception {
        KafkaClients.createTopic(broker.bootstrapServers(), topic, partitions);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest describe = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            broker.httpUri() + "/v3/clusters/" + broker.clusterId() + "/topics/" + topic)).build();
        Awaitility.await(topic + " known over REST").atMost(Duration.ofSeconds(30))
            .until(() -> http.send(describe, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private String streamUri(String topic, String query) {
        return broker.httpUri() + "/v3/clusters/" + broker.clusterId() + "/topics/" + topic + "/records:stream"
            + (query == null ? "" : "?" + query);
    }

    @Test
    @FreshetOnly("restarts the embedded broker under the stream; in front of Kafka the gateway would be the one to restart")
    void eventSourceGetsKafkaRecordsAndResumesWithLastEventIdAfterTheServerRestarts() throws Exception {
        String topic = "sse-resume";
        KafkaClients.createTopic(broker.bootstrapServers(), topic, 2);
        try (ClientProcess sse = client("eventsource", "sse", "--url", streamUri(topic, "from=earliest"),
                "--count", "50")) {
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "before-" + i)).get();
                }
            }
            Awaitility.await("20 events").atMost(Duration.ofSeconds(30))
                .until(() -> sse.lines("message").size() >= 20);

            freshet.broker().restart(); // ends the stream: EventSource reconnects by itself with Last-Event-ID
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
                for (int i = 20; i < 50; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "after-" + i)).get();
                }
            }
            sse.awaitExit(Duration.ofSeconds(60));

            List<JsonNode> messages = sse.lines("message");
            assertThat(sse.lines("open").size()).as("reconnected; errors " + sse.lines("error").size()
                + ", messages " + messages.size() + ", last " + (messages.isEmpty() ? null
                : messages.get(messages.size() - 1))).isGreaterThanOrEqualTo(2);
            Set<String> seen = new HashSet<>();
            long[] next = new long[2];
            for (JsonNode message : messages) {
                JsonNode record = message.path("record");
                int partition = record.path("partition_id").asInt();
                assertThat(record.path("offset").asLong()).as("in order, none skipped").isEqualTo(next[partition]);
                next[partition]++;
                assertThat(seen.add(record.path("value").asText())).as("none twice").isTrue();
                assertThat(message.path("id").asText()).contains(partition + ":" + next[partition]);
            }
            assertThat(messages).hasSize(50);
            assertThat(next).containsExactly(25, 25);
        }
    }

    @Test
    void wsGetsKafkaRecordsAndProducesFramesThatAKafkaConsumerReadsAsRawUtf8() throws Exception {
        String topic = "ws-both-ways";
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, "from-kafka", "hello browser")).get();
        }
        try (ClientProcess ws = client("ws", "ws", "--url", streamUri(topic, "from=earliest")
                .replaceFirst("^http", "ws"), "--count", "4",
                "--send", "{\"key\":\"k1\",\"value\":\"hello kafka\"}",
                "--send", "[{\"value\":{\"n\":1}},{\"key\":\"k3\",\"value\":\"third\",\"headers\":{\"h\":\"v\"}}]")) {
            ws.awaitSuccess(Duration.ofSeconds(60), "message");

            List<JsonNode> reports = ws.lines("report");
            assertThat(reports).hasSize(2);
            assertThat(reports.get(0).path("report").path("error_code").asInt()).isEqualTo(200);
            assertThat(reports.get(0).path("report").path("offset").asLong()).isEqualTo(1);
            assertThat(reports.get(1).path("report").get(1).path("offset").asLong()).isEqualTo(3);
            List<String> streamed = ws.lines("message").stream()
                .map(m -> m.path("record").path("value").asText()).toList();
            assertThat(streamed).containsExactly("hello browser", "hello kafka", "{\"n\":1}", "third");
        }
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), topic,
            Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::value)
            .containsExactly("hello browser", "hello kafka", "{\"n\":1}", "third");
        assertThat(read).extracting(ConsumerRecord::key).containsExactly("from-kafka", "k1", null, "k3");
        assertThat(new String(read.get(3).headers().lastHeader("h").value())).isEqualTo("v");
    }

    @Test
    void anUnknownTopicIsRefusedWith404() throws Exception {
        try (ClientProcess ws = client("ws-404", "ws", "--url", streamUri("no-such-topic", null)
                .replaceFirst("^http", "ws"), "--count", "1")) {
            assertThat(ws.awaitSuccess(Duration.ofSeconds(30), "refused").path("status").asInt()).isEqualTo(404);
        }
    }
}
