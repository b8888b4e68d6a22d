package io.freshet.it;

import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What MQTT keeps for a client across disconnects and broker crashes (Eclipse Paho v3 and v5 against a broker process
 * killed with SIGKILL): persistent sessions, retained messages, and shared subscriptions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@FreshetOnly("SIGKILLs a Freshet process holding the log and the MQTT listener together; in front of Kafka they are two processes")
class MqttSessionsTest {

    private MqttBroker broker;

    @BeforeAll
    void startBroker() {
        broker = new MqttBroker(DataDirs.create("mqtt-sessions"));
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    /** Collects what a Paho v3 client receives as "topic payload" (and the retain flag). */
    static final class Received implements MqttCallback {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Boolean> retained = new CopyOnWriteArrayList<>();

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            retained.add(message.isRetained());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    private MqttClient v3(String clientId, boolean cleanSession, Received received) throws Exception {
        MqttClient client = new MqttClient(broker.mqttUri(), clientId, new MemoryPersistence());
        client.setCallback(received);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setKeepAliveInterval(10);
        client.connect(options);
        return client;
    }

    @Test
    void aPersistentSessionShouldGetWhatWasWrittenWhileItWasAwayAcrossABrokerKill() throws Exception {
        String topic = "sessions-orders";
        Received received = new Received();
        MqttClient subscriber = v3("persistent-subscriber", false, received);
        subscriber.subscribe(topic + "/#", 2);
        subscriber.disconnect();
        subscriber.close();

        List<String> expected = new ArrayList<>();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrap())) {
            for (int i = 0; i < 200; i++) {
                String key = "customer-" + (i % 7);
                producer.send(new ProducerRecord<>(topic, key, "order-" + i)).get();
                expected.add(topic + "/" + key + " order-" + i);
            }
        }
        broker.killAndRestart();

        MqttClient back = v3("persistent-subscriber", false, received);
        try {
            Awaitility.await("200 messages delivered to the returning session").atMost(Duration.ofSeconds(60))
                    .until(() -> received.messages.size() >= expected.size());
            // none twice at QoS 2: a marker written after the 200 arrives once, with nothing more before it
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrap())) {
                producer.send(new ProducerRecord<>(topic, "marker", "end")).get();
            }
            Awaitility.await("marker").atMost(Duration.ofSeconds(30))
                    .until(() -> received.messages.contains(topic + "/marker end"));
            assertThat(received.messages).hasSize(expected.size() + 1);
            assertThat(received.messages.subList(0, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
            for (int c = 0; c < 7; c++) {
                String prefix = topic + "/customer-" + c + " ";
                assertThat(received.messages.stream().filter(m -> m.startsWith(prefix)).toList())
                        .as("per-key order").isEqualTo(expected.stream().filter(m -> m.startsWith(prefix)).toList());
            }
        } finally {
            back.disconnect();
            back.close();
        }
    }

    @Test
    void aCleanSessionShouldNotGetWhatWasWrittenBeforeItSubscribed() throws Exception {
        String topic = "sessions-late";
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrap())) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get();
            Received received = new Received();
            MqttClient subscriber = v3("late-subscriber", true, received);
            try {
                subscriber.subscribe(topic + "/#", 1);
                producer.send(new ProducerRecord<>(topic, "k", "after")).get();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !received.messages.isEmpty());
                assertThat(received.messages).containsExactly(topic + "/k after");
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }
    }

    @Test
    void retainedMessagesShouldSurviveABrokerKillAndAnEmptyPayloadShouldClearOne() throws Exception {
        String topic = "sessions-config";
        MqttClient publisher = v3("retain-publisher", true, new Received());
        publisher.publish(topic + "/dev1", "v1".getBytes(StandardCharsets.UTF_8), 1, true);
        publisher.publish(topic + "/dev2", "v2".getBytes(StandardCharsets.UTF_8), 1, true);
        publisher.publish(topic + "/dev3", "v3".getBytes(StandardCharsets.UTF_8), 1, true);
        publisher.publish(topic + "/dev3", new byte[0], 1, true); // clears dev3
        publisher.disconnect();
        publisher.close();
        broker.killAndRestart();

        Received received = new Received();
        MqttClient subscriber = v3("retain-subscriber", true, received);
        try {
            subscriber.subscribe(topic + "/+", 1);
            Awaitility.await("retained delivered").atMost(Duration.ofSeconds(30))
                    .until(() -> received.messages.size() >= 2);
            // dev3's clearing came before dev1 and dev2 were sent on subscribe; a third message would be here by now
            // only if the broker sends retained messages late, so check with a live message after them
            MqttClient publisher2 = v3("retain-publisher-2", true, new Received());
            publisher2.publish(topic + "/live", "now".getBytes(StandardCharsets.UTF_8), 1, false);
            publisher2.disconnect();
            publisher2.close();
            Awaitility.await("live message").atMost(Duration.ofSeconds(30))
                    .until(() -> received.messages.contains(topic + "/live now"));
            assertThat(received.messages).containsExactlyInAnyOrder(topic + "/dev1 v1", topic + "/dev2 v2",
                    topic + "/live now");
            int live = received.messages.indexOf(topic + "/live now");
            assertThat(received.retained.get(live)).as("a live message is not flagged retained").isFalse();
            assertThat(IntStream.range(0, received.messages.size()).filter(i -> i != live)
                    .mapToObj(received.retained::get)).as("retained on subscribe").containsOnly(true);
        } finally {
            subscriber.disconnect();
            subscriber.close();
        }
    }

    @Test
    void aSharedSubscriptionShouldGiveEachMessageToExactlyOneOfItsThreeMembers() throws Exception {
        String topic = "sessions-jobs";
        List<org.eclipse.paho.mqttv5.client.MqttClient> members = new ArrayList<>();
        Map<String, List<String>> byMember = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            for (int m = 0; m < 3; m++) {
                String id = "worker-" + m;
                List<String> got = new CopyOnWriteArrayList<>();
                byMember.put(id, got);
                org.eclipse.paho.mqttv5.client.MqttClient member = new org.eclipse.paho.mqttv5.client.MqttClient(
                        broker.mqttUri(), id, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
                member.setCallback(new V5Collector(got));
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setCleanStart(true);
                member.connect(options);
                member.subscribe("$share/workers/" + topic + "/#", 1);
                members.add(member);
            }
            List<String> expected = new ArrayList<>();
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrap())) {
                for (int i = 0; i < 300; i++) {
                    String key = "job-" + (i % 30);
                    producer.send(new ProducerRecord<>(topic, key, "task-" + i)).get();
                    expected.add(topic + "/" + key + " task-" + i);
                }
            }
            Awaitility.await("300 jobs handed out").atMost(Duration.ofSeconds(60))
                    .until(() -> byMember.values().stream().mapToInt(List::size).sum() >= expected.size());
            List<String> all = byMember.values().stream().flatMap(List::stream).toList();
            assertThat(all).as("each message to exactly one member").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(byMember.values()).as("all three members got work").allSatisfy(l -> assertThat(l).isNotEmpty());
            // a key's messages stay in order on whichever member got them
            for (List<String> got : byMember.values()) {
                Map<String, List<String>> perKey = got.stream()
                        .collect(Collectors.groupingBy(m -> m.substring(0, m.indexOf(' '))));
                perKey.forEach((k, msgs) -> assertThat(msgs).isEqualTo(expected.stream()
                        .filter(e -> e.startsWith(k + " ") && msgs.contains(e)).toList()));
            }
        } finally {
            for (org.eclipse.paho.mqttv5.client.MqttClient member : members) {
                member.disconnect();
                member.close();
            }
        }
    }

    /** Paho v5's callback, collecting "topic payload". */
    record V5Collector(List<String> got) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
            got.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
