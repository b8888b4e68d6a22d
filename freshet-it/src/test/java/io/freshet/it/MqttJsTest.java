package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.testkit.FreshetExtension;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mqtt.js 5 (npm `mqtt`, installed by scripts/install-test-deps.sh; script src/test/node/mqtt-client.js) against the
 * MQTT listener, MQTT 5 and 3.1.1, over TCP and over WebSocket ({@code ws://HOST:HTTP_PORT/mqtt}), with the official
 * Kafka Java client on the other side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttJsTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass().withProperty("num.partitions", "3");

    private FreshetExtension broker; // the embedded Freshet, or a gateway in front of -Dfreshet.it.bootstrap

    @TempDir
    Path logs;

    @BeforeAll
    void useBroker() {
        Path mqttJs = GroupClient.scriptDir().resolve("node/node_modules/mqtt/package.json");
        Assumptions.assumeTrue(ClientProcess.canExecute(GroupClient.NODE) && Files.isRegularFile(mqttJs),
                "node or mqtt.js missing (" + mqttJs + "): run scripts/install-test-deps.sh");
        broker = freshet;
    }

    private ClientProcess mqttJs(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(GroupClient.NODE,
                GroupClient.scriptDir().resolve("node/mqtt-client.js").toString()));
        command.addAll(List.of(args));
        return ClientProcess.start(name, command, logs);
    }

    private String url() {
        return "mqtt://127.0.0.1:" + broker.mqttPort();
    }

    @Test
    void mqttJsV5Qos2PublishesShouldBeInKafkaOnceEachInOrderWithUserPropertiesAsHeaders() throws Exception {
        String topic = "mqttjs-readings";
        try (ClientProcess publisher = mqttJs("mqttjs-publish", "publish", "--url", url(), "--topic",
                topic + "/meter/1", "--count", "200", "--qos", "2", "--version", "5", "--prefix", "reading")) {
            assertThat(publisher.awaitSuccess(Duration.ofSeconds(60), "done").path("published").asInt())
                    .isEqualTo(200);
        }
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "reading-" + i).toList());
        assertThat(read).extracting(ConsumerRecord::key).containsOnly("meter/1");
        assertThat(read).extracting(r -> MqttCommandLineClientsTest.header(r, "seq"))
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(Integer::toString).toList());
        assertThat(read).extracting(r -> MqttCommandLineClientsTest.header(r, "source")).containsOnly("mqtt.js");
        assertThat(read).extracting(r -> MqttCommandLineClientsTest.header(r, "mqtt.qos")).containsOnly("2");
    }

    @Test
    void mqttJsV311SubscriberShouldGetKafkaRecordsInPerKeyOrder() throws Exception {
        String topic = "mqttjs-orders";
        try (ClientProcess subscriber = mqttJs("mqttjs-subscribe", "subscribe", "--url", url(), "--filter",
                topic + "/+/created", "--qos", "1", "--version", "4", "--count", "90")) {
            Awaitility.await("subscribed").atMost(Duration.ofSeconds(30))
                    .until(() -> !subscriber.lines("subscribed").isEmpty());
            assertThat(subscriber.lines("subscribed").get(0).path("granted").get(0).asInt()).isEqualTo(1);
            List<String> expected = new ArrayList<>();
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
                for (int i = 0; i < 120; i++) {
                    String key = "shop-" + (i % 4) + (i % 4 == 3 ? "/cancelled" : "/created");
                    producer.send(new ProducerRecord<>(topic, key, "order-" + i)).get();
                    if (!key.endsWith("cancelled")) {
                        expected.add(topic + "/" + key + " order-" + i);
                    }
                }
            }
            subscriber.awaitExit(Duration.ofSeconds(60));
            List<String> got = subscriber.lines("message").stream()
                    .map(m -> m.path("topic").asText() + " " + m.path("payload").asText()).toList();
            assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
            for (int shop = 0; shop < 3; shop++) {
                String prefix = topic + "/shop-" + shop + "/created ";
                assertThat(got.stream().filter(m -> m.startsWith(prefix)).toList())
                        .isEqualTo(expected.stream().filter(m -> m.startsWith(prefix)).toList());
            }
            assertThat(subscriber.lines("message")).extracting(m -> m.path("qos").asInt()).containsOnly(1);
        }
    }

    @Test
    void mqttJsOverWebSocketShouldPublishAndSubscribeAsOverTcp() throws Exception {
        String topic = "mqttjs-ws";
        String ws = "ws://127.0.0.1:" + broker.httpPort() + "/mqtt";
        try (ClientProcess wsSubscriber = mqttJs("mqttjs-ws-subscribe", "subscribe", "--url", ws, "--filter",
                topic + "/#", "--qos", "1", "--version", "4", "--count", "25");
             ClientProcess tcpSubscriber = mqttJs("mqttjs-tcp-subscribe", "subscribe", "--url", url(), "--filter",
                topic + "/#", "--qos", "2", "--version", "5", "--count", "25")) {
            Awaitility.await("subscribed").atMost(Duration.ofSeconds(30)).until(() ->
                    !wsSubscriber.lines("subscribed").isEmpty() && !tcpSubscriber.lines("subscribed").isEmpty());
            try (ClientProcess publisher = mqttJs("mqttjs-ws-publish", "publish", "--url", ws, "--topic",
                    topic + "/browser", "--count", "25", "--qos", "2", "--version", "5", "--prefix", "tab")) {
                publisher.awaitSuccess(Duration.ofSeconds(60), "done");
            }
            wsSubscriber.awaitExit(Duration.ofSeconds(60));
            tcpSubscriber.awaitExit(Duration.ofSeconds(60));
            List<String> expected = IntStream.range(0, 25).mapToObj(i -> "tab-" + i).toList();
            assertThat(wsSubscriber.lines("message")).extracting(m -> m.path("payload").asText())
                    .containsExactlyElementsOf(expected);
            assertThat(tcpSubscriber.lines("message")).extracting(m -> m.path("payload").asText())
                    .containsExactlyElementsOf(expected);
            assertThat(tcpSubscriber.lines("message")).extracting(m -> m.path("userProperties").path("source")
                    .asText()).as("MQTT 5 user properties over WebSocket").containsOnly("mqtt.js");
        }
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "tab-" + i).toList());
        assertThat(read).extracting(r -> MqttCommandLineClientsTest.header(r, "mqtt.qos")).containsOnly("2");
    }

    @Test
    void anMqttPublishShouldReachAnMqttSubscriberOfTheOtherProtocolVersion() throws Exception {
        String topic = "mqttjs-chat";
        try (ClientProcess subscriber = mqttJs("mqttjs-subscribe-v5", "subscribe", "--url", url(), "--filter",
                topic + "/#", "--qos", "2", "--version", "5", "--count", "20")) {
            Awaitility.await("subscribed").atMost(Duration.ofSeconds(30))
                    .until(() -> !subscriber.lines("subscribed").isEmpty());
            try (ClientProcess publisher = mqttJs("mqttjs-publish-v4", "publish", "--url", url(), "--topic",
                    topic + "/room1", "--count", "20", "--qos", "1", "--version", "4", "--prefix", "hello")) {
                publisher.awaitSuccess(Duration.ofSeconds(60), "done");
            }
            subscriber.awaitExit(Duration.ofSeconds(60));
            List<JsonNode> got = subscriber.lines("message");
            assertThat(got).extracting(m -> m.path("payload").asText())
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "hello-" + i).toList());
            assertThat(got).extracting(m -> m.path("topic").asText()).containsOnly(topic + "/room1");
            assertThat(got).extracting(m -> m.path("qos").asInt()).as("min(published 1, granted 2)").containsOnly(1);
        }
    }
}
