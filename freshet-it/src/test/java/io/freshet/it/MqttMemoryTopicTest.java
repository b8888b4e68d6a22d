package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MQTT on memory topics (Eclipse Paho v3): a subscriber connected before gets every message, whether an MQTT client
 * or a Kafka producer wrote it, one connected after gets none of them, and a persistent session whose position fell
 * off the ring while it was away skips ahead to what the ring holds and goes on, rather than stalling.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@FreshetOnly("memory topics and the MQTT gateway are Freshet's")
class MqttMemoryTopicTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass()
            .withProperty("freshet.memory.topic.prefix", "live.");

    @Test
    void aSubscriberConnectedBeforeGetsEveryMessageAndALateOneNoneOfThem() throws Exception {
        MqttSessionsTest.Received early = new MqttSessionsTest.Received();
        MqttClient subscriber = client("early-subscriber", true, early);
        MqttClient publisher = client("publisher", true, new MqttSessionsTest.Received());
        try {
            subscriber.subscribe("live.feed/#", 1);
            for (int i = 0; i < 20; i++) {
                publisher.publish("live.feed/sensor-" + (i % 3), payload("mqtt-" + i), 1, false);
            }
            try (KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("live.feed", "kafka", "kafka-" + i)).get();
                }
            }
            Awaitility.await("25 messages to the early subscriber").atMost(Duration.ofSeconds(30))
                    .until(() -> early.messages.size() >= 25);
            assertThat(early.messages).hasSize(25).contains("live.feed/sensor-1 mqtt-1", "live.feed/kafka kafka-4");
            assertThat(configOf("live.feed")).as("auto-created by the MQTT publish under the prefix")
                    .isEqualTo("memory");

            MqttSessionsTest.Received late = new MqttSessionsTest.Received();
            MqttClient lateSubscriber = client("late-subscriber", true, late);
            try {
                lateSubscriber.subscribe("live.feed/#", 1);
                publisher.publish("live.feed/sensor-0", payload("after"), 1, false);
                Awaitility.await("the message after the late subscription").atMost(Duration.ofSeconds(30))
                        .until(() -> !late.messages.isEmpty());
                assertThat(late.messages).containsExactly("live.feed/sensor-0 after");
            } finally {
                lateSubscriber.disconnect();
                lateSubscriber.close();
            }
        } finally {
            subscriber.disconnect();
            subscriber.close();
            publisher.disconnect();
            publisher.close();
        }
    }

    @Test
    void aPersistentSessionThatFellBehindTheRingSkipsAheadAndGoesOn() throws Exception {
        String topic = "small-ring";
        try (Admin admin = KafkaClients.admin(FRESHET.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("freshet.storage", "memory",
                    "retention.bytes", "8192")))).all().get(30, TimeUnit.SECONDS);
        }
        MqttSessionsTest.Received received = new MqttSessionsTest.Received();
        MqttClient away = client("away-subscriber", false, received);
        away.subscribe(topic + "/#", 1);
        away.disconnect();
        away.close();

        try (KafkaProducer<String, String> producer = KafkaClients.producer(FRESHET.bootstrapServers(),
                Map.of("linger.ms", 0))) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>(topic, "k", String.format("while-away-%03d-%s", i, "x".repeat(50))))
                        .get();
            }
            MqttClient back = client("away-subscriber", false, received);
            try {
                producer.send(new ProducerRecord<>(topic, "k", "after-return")).get();
                Awaitility.await("the message written after the return").atMost(Duration.ofSeconds(30))
                        .until(() -> received.messages.contains(topic + "/k after-return"));
                assertThat(received.messages).as("only what the ring still held, then the new one")
                        .hasSizeBetween(2, 200)
                        .doesNotContain(topic + "/k while-away-000-" + "x".repeat(50))
                        .contains(topic + "/k while-away-499-" + "x".repeat(50));
            } finally {
                back.disconnect();
                back.close();
            }
        }
    }

    private static MqttClient client(String clientId, boolean cleanSession, MqttSessionsTest.Received received)
            throws Exception {
        MqttClient client = new MqttClient(FRESHET.mqttUri(), clientId, new MemoryPersistence());
        client.setCallback(received);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setKeepAliveInterval(10);
        client.connect(options);
        return client;
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String configOf(String topic) throws Exception {
        org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        try (Admin admin = KafkaClients.admin(FRESHET.bootstrapServers())) {
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("freshet.storage").value();
        }
    }
}
