package io.freshet.it.gateway;

import io.freshet.it.UniqueNames;
import io.freshet.server.FreshetGateway;
import io.freshet.testkit.FreshetExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code freshet gateway} (the same {@link FreshetGateway} the command runs, in process) in front of a Kafka listener
 * that is not its own: an embedded Freshet with its MQTT and HTTP listeners off (or Apache Kafka under
 * {@code scripts/suite-on-kafka.sh}). Checked with real clients: Paho MQTT 3.1.1, the Kafka Java client, Java's HTTP
 * client reading a Server-Sent Events stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayInFrontOfKafkaTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass()
        .withProperty("mqtt.listeners", "MQTT://127.0.0.1:-1")
        .withProperty("http.listeners", "HTTP://127.0.0.1:-1");

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Admin admin;
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void clients() {
        admin = Admin.create(Map.of("bootstrap.servers", freshet.bootstrapServers()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", freshet.bootstrapServers()),
            new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    void closeClients() {
        producer.close();
        admin.close();
    }

    @AfterEach
    void closeOpened() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
    }

    /** A gateway on free ports in front of the test's Kafka listener, as {@code freshet gateway} starts it. */
    private FreshetGateway gateway() {
        FreshetGateway gateway = FreshetGateway.start(FreshetGateway.Config.fromProperties(Map.of(
            FreshetGateway.BOOTSTRAP_SERVERS, freshet.bootstrapServers(),
            "mqtt.listeners", "MQTT://127.0.0.1:0",
            "http.listeners", "HTTP://127.0.0.1:0")));
        opened.add(gateway);
        return gateway;
    }

    /** A Paho 3.1.1 client with a clean session, connected through {@code gateway}. */
    private MqttClient mqtt(FreshetGateway gateway, String clientId, Received received) throws Exception {
        return connect(gateway, clientId, received, true).client();
    }

    /** A Paho 3.1.1 client with a persistent session (clean session off). */
    private MqttClient persistent(FreshetGateway gateway, String clientId, Received received) throws Exception {
        return connect(gateway, clientId, received, false).client();
    }

    private record Connected(MqttClient client, boolean sessionPresent) {
    }

    /** Connects a Paho 3.1.1 client through {@code gateway}; it is disconnected and closed after the test. */
    private Connected connect(FreshetGateway gateway, String clientId, Received received, boolean cleanSession)
            throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.mqttPort().getAsInt(), clientId,
            new MemoryPersistence());
        client.setCallback(received);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        boolean sessionPresent = client.connectWithResult(options).getSessionPresent();
        opened.add(() -> {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        });
        return new Connected(client, sessionPresent);
    }

    private static MqttMessage message(String payload, int qos, boolean retained) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        message.setRetained(retained);
        return message;
    }

    /** Creates {@code topic} and waits until every gateway's HTTP listener says it exists (so MQTT knows it too). */
    private void createTopic(String topic, int partitions, FreshetGateway... gateways) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        for (FreshetGateway gateway : gateways) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(topicsUri(gateway) + "/" + topic)).build();
            Awaitility.await(gateway.httpDescription() + " knows " + topic).atMost(Duration.ofSeconds(30))
                .until(() -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    private static String topicsUri(FreshetGateway gateway) {
        return "http://127.0.0.1:" + gateway.httpPort().getAsInt() + "/v3/clusters/" + gateway.clusterId()
            + "/topics";
    }

    @Test
    void anMqttPublishWithQos1IsReadByAKafkaConsumer() throws Exception {
        FreshetGateway gateway = gateway();
        MqttClient device = mqtt(gateway, "gw-device", new Received());

        device.publish("gw-in/dev1/temp", message("21.5", 1, false)); // returns on PUBACK

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
            freshet.bootstrapServers(), "isolation.level", "read_committed"), new StringDeserializer(),
            new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("gw-in").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> got = new CopyOnWriteArrayList<>();
            Awaitility.await("the publish in Kafka").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
                return !got.isEmpty();
            });
            assertThat(got).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("dev1/temp");
                assertThat(record.value()).isEqualTo("21.5");
            });
        }
    }

    @Test
    void aKafkaProducersRecordReachesAnMqttSubscriberAndAnSseStream() throws Exception {
        FreshetGateway gateway = gateway();
        createTopic("gw-out", 2, gateway);
        Received received = new Received();
        mqtt(gateway, "gw-subscriber", received).subscribe("gw-out/#", 1);
        List<String> sse = sseLines(topicsUri(gateway) + "/gw-out/records:stream?from=earliest");

        producer.send(new ProducerRecord<>("gw-out", "dev7/state", "from kafka")).get(30, TimeUnit.SECONDS);

        Awaitility.await("MQTT delivery").atMost(Duration.ofSeconds(30))
            .until(() -> received.messages.contains("gw-out/dev7/state from kafka"));
        Awaitility.await("SSE event").atMost(Duration.ofSeconds(30))
            .until(() -> sse.stream().anyMatch(line -> line.startsWith("data:") && line.contains("\"from kafka\"")));
    }

    @Test
    void aRetainedMessageSurvivesAGatewayRestart() throws Exception {
        FreshetGateway first = gateway();
        mqtt(first, "gw-retainer", new Received()).publish("gw-retained/dev3/mode", message("eco", 1, true));
        closeOpened(); // the client, then the gateway: nothing of it is left but the cluster's topics

        FreshetGateway second = gateway();
        Received received = new Received();
        mqtt(second, "gw-late-subscriber", received).subscribe("gw-retained/#", 1);

        Awaitility.await("the retained message").atMost(Duration.ofSeconds(30))
            .until(() -> received.messages.contains("gw-retained/dev3/mode eco"));
        assertThat(received.retained.get(0)).isTrue();
    }

    @Test
    void aPersistentSessionResumesOnTheNextGatewayWithWhatWasWrittenWhileItWasAway() throws Exception {
        FreshetGateway first = gateway();
        createTopic("gw-away", 1, first);
        MqttClient device = persistent(first, "gw-persistent", new Received());
        device.subscribe("gw-away/#", 1);
        producer.send(new ProducerRecord<>("gw-away", "dev1", "before")).get(30, TimeUnit.SECONDS);
        closeOpened(); // the device disconnects, the gateway stops: the session is in __mqtt_sessions

        producer.send(new ProducerRecord<>("gw-away", "dev1", "while away")).get(30, TimeUnit.SECONDS);
        FreshetGateway second = gateway();
        Received received = new Received();
        persistent(second, "gw-persistent", received); // no SUBSCRIBE: the session has it

        Awaitility.await("what was written while away").atMost(Duration.ofSeconds(30))
            .until(() -> received.messages.contains("gw-away/dev1 while away"));
    }

    @Test
    void aPublishIntoOneGatewayReachesASubscriberOfAnother() throws Exception {
        FreshetGateway a = gateway();
        FreshetGateway b = gateway();
        createTopic("gw-both", 1, a, b);
        Received received = new Received();
        mqtt(b, "gw-on-b", received).subscribe("gw-both/#", 1);
        MqttClient publisher = mqtt(a, "gw-on-a", new Received());

        int count = 20;
        List<Long> latenciesMicros = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String expected = "gw-both/dev" + i + " m" + i;
            long sent = System.nanoTime();
            publisher.publish("gw-both/dev" + i, message("m" + i, 1, false));
            Awaitility.await("message " + i + " through the other gateway").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5)).until(() -> received.messages.contains(expected));
            latenciesMicros.add((received.arrivalNanos.get(expected) - sent) / 1000);
        }
        assertThat(received.messages).hasSize(count);
        Collections.sort(latenciesMicros);
        // The figure README quotes: publish on A (QoS 1, PUBACK after acks=all) to delivery by B, whose watcher
        // notices the append at its next end-offset poll (gateway.poll.interval.ms).
        System.out.println("gateway A publish -> gateway B delivery, " + count + " messages: median "
            + latenciesMicros.get(count / 2) / 1000.0 + " ms, max " + latenciesMicros.get(count - 1) / 1000.0 + " ms");
    }

    @Test
    void aPersistentSessionMovesBetweenRunningGatewaysAndAConnectThroughTheOtherTakesItOver() throws Exception {
        FreshetGateway a = gateway();
        FreshetGateway b = gateway();
        String topic = UniqueNames.of("gw-move");
        String clientId = UniqueNames.of("gw-mover");
        createTopic(topic, 1, a, b);
        MqttClient onA = persistent(a, clientId, new Received());
        onA.subscribe(topic + "/#", 1);
        onA.disconnect();
        producer.send(new ProducerRecord<>(topic, "dev1", "while away")).get(30, TimeUnit.SECONDS);

        // b started before the session existed: it has it from following __mqtt_sessions
        Received receivedOnB = new Received();
        Connected resumed = connect(b, clientId, receivedOnB, false);
        MqttClient onB = resumed.client();
        assertThat(resumed.sessionPresent()).isTrue();
        Awaitility.await("what was written while away, through the other gateway").atMost(Duration.ofSeconds(30))
            .until(() -> receivedOnB.messages.contains(topic + "/dev1 while away"));

        Received receivedBackOnA = new Received();
        persistent(a, clientId, receivedBackOnA); // the same client id through a again: a takeover across gateways
        Awaitility.await("b closes its connection of the session").atMost(Duration.ofSeconds(30))
            .until(() -> !onB.isConnected());
        assertThat(receivedOnB.lost).isNotNull();
        producer.send(new ProducerRecord<>(topic, "dev1", "after the takeover")).get(30, TimeUnit.SECONDS);
        Awaitility.await("a delivers to the session now").atMost(Duration.ofSeconds(30))
            .until(() -> receivedBackOnA.messages.contains(topic + "/dev1 after the takeover"));
        assertThat(receivedOnB.messages).doesNotContain(topic + "/dev1 after the takeover");
    }

    @Test
    void aMessageRetainedThroughOneRunningGatewayReachesASubscriberOfAnother() throws Exception {
        FreshetGateway a = gateway();
        FreshetGateway b = gateway();
        String topic = UniqueNames.of("gw-retain-both");
        Received received = new Received();
        MqttClient subscriber = mqtt(b, UniqueNames.of("gw-retain-sub"), received);

        mqtt(a, UniqueNames.of("gw-retain-pub"), new Received())
            .publish(topic + "/dev4/mode", message("away", 1, true)); // returns on PUBACK: stored in the cluster

        // b reads __mqtt_retained on within its poll interval; each SUBSCRIBE asks for the retained messages again
        Awaitility.await("the retained message through the other gateway").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!received.messages.contains(topic + "/dev4/mode away")) {
                    subscriber.unsubscribe(topic + "/#");
                    subscriber.subscribe(topic + "/#", 1);
                }
                return received.messages.contains(topic + "/dev4/mode away");
            });
        assertThat(received.retained.get(received.messages.indexOf(topic + "/dev4/mode away"))).isTrue();
    }

    /** GET {@code uri} as an event stream; returns the lines as they arrive (read on the HTTP client's threads). */
    private List<String> sseLines(String uri) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(HttpRequest.newBuilder(URI.create(uri))
            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAcceptAsync(r -> r.body().forEach(lines::add));
        opened.add(() -> {
            response.thenAccept(r -> r.body().close());
            reading.cancel(true);
        });
        return lines;
    }

    /** What a Paho v3 client received, as "topic payload", with the retain flags and arrival times. */
    static final class Received implements MqttCallback {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Boolean> retained = new CopyOnWriteArrayList<>();
        final Map<String, Long> arrivalNanos = new ConcurrentHashMap<>();
        volatile Throwable lost;

        @Override
        public void connectionLost(Throwable cause) {
            lost = cause;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String text = topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8);
            arrivalNanos.put(text, System.nanoTime());
            messages.add(text);
            retained.add(message.isRetained());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
