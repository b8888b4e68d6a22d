package io.freshet.mqtt;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.header.Header;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Inbound PUBLISH from real clients (Paho 3.1.1 and 5) to the log, read back by a Kafka consumer. */
@Timeout(60)
class MqttPublishTest {

    @TempDir
    Path dataDir;

    private MqttFixture fixture;

    @BeforeEach
    void start() {
        fixture = MqttFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldStoreQos0To2PublishesOfAnMqtt311ClientInTheTopicOfTheFirstLevelKeyedByTheRest() throws Exception {
        try (var client = new org.eclipse.paho.client.mqttv3.MqttClient(fixture.mqttUri(), "dev42",
            new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            client.connect(options);
            for (int qos = 0; qos <= 2; qos++) {
                client.publish("sensors/dev42/temp", ("21." + qos).getBytes(StandardCharsets.UTF_8), qos, false);
            }
            client.disconnect();
        }

        List<ConsumerRecord<byte[], byte[]>> records = fixture.consume("sensors", 3);
        assertThat(records).extracting(r -> text(r.key())).containsOnly("dev42/temp");
        assertThat(records).extracting(r -> text(r.value())).containsExactly("21.0", "21.1", "21.2");
        assertThat(records).extracting(r -> header(r, "mqtt.qos")).containsExactly("0", "1", "2");
        assertThat(records).extracting(r -> header(r, "mqtt.client_id")).containsOnly("dev42");
        assertThat(records).extracting(r -> header(r, "mqtt.retain")).containsOnly("false");
    }

    @Test
    void shouldTurnMqtt5PropertiesIntoRecordHeaders() throws Exception {
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), "meter-7")) {
            MqttMessage message = new MqttMessage("{\"kwh\": 12}".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("site", "north"), new UserProperty("unit", "kWh")));
            properties.setContentType("application/json");
            properties.setResponseTopic("replies/meter-7");
            properties.setCorrelationData(new byte[] {1, 2, 3});
            message.setProperties(properties);
            paho.client.publish("meters/meter-7", message).waitForCompletion(10_000);
            paho.disconnect();
        }

        ConsumerRecord<byte[], byte[]> record = fixture.consume("meters", 1).get(0);
        assertThat(text(record.key())).isEqualTo("meter-7");
        assertThat(text(record.value())).isEqualTo("{\"kwh\": 12}");
        assertThat(header(record, "site")).isEqualTo("north");
        assertThat(header(record, "unit")).isEqualTo("kWh");
        assertThat(header(record, "mqtt.content_type")).isEqualTo("application/json");
        assertThat(header(record, "mqtt.response_topic")).isEqualTo("replies/meter-7");
        assertThat(record.headers().lastHeader("mqtt.correlation_data").value()).containsExactly(1, 2, 3);
        assertThat(header(record, "mqtt.qos")).isEqualTo("1");
    }

    @Test
    void shouldAcknowledgeQos1And2OnlyOnceTheRecordIsInTheLog() throws Exception {
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), "acker")) {
            for (int i = 1; i <= 20; i++) {
                MqttMessage message = new MqttMessage(("m" + i).getBytes(StandardCharsets.UTF_8));
                message.setQos(i % 2 == 0 ? 2 : 1);
                paho.client.publish("acked/k", message).waitForCompletion(10_000); // PUBACK / PUBCOMP arrived
                assertThat(fixture.recordCount("acked")).as("records when ack %d arrived", i).isEqualTo(i);
            }
            paho.disconnect();
        }
    }

    @Test
    void shouldKeepTheOrderOfOneKeyAcrossQosLevels() throws Exception {
        List<String> sent = new ArrayList<>();
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), "orderly")) {
            List<org.eclipse.paho.mqttv5.client.IMqttToken> tokens = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String value = "v" + i;
                sent.add(value);
                MqttMessage message = new MqttMessage(value.getBytes(StandardCharsets.UTF_8));
                message.setQos(i % 3);
                tokens.add(paho.client.publish("ordered/device-1", message));
            }
            for (var token : tokens) {
                token.waitForCompletion(10_000);
            }
            paho.disconnect();
        }

        List<ConsumerRecord<byte[], byte[]>> records = fixture.consume("ordered", sent.size());
        assertThat(records).extracting(r -> text(r.value())).containsExactlyElementsOf(sent);
    }

    @Test
    void shouldRefuseAPublishToATopicWithoutAKafkaNameWithPubackReasonAndKeepTheConnection() throws Exception {
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "refused-5", true, 60, 0));
            assertThat(client.read(RawMqttClient.CONNACK).reasonCode()).isZero();
            client.send(RawMqttClient.publish(5, "no kafka name!/x", 1, 1, false, bytes("a")));
            RawMqttClient.Packet puback = client.read(RawMqttClient.PUBACK);
            assertThat(puback.packetId()).isEqualTo(1);
            assertThat(puback.reasonCode()).isEqualTo(0x90);

            client.send(RawMqttClient.publish(5, "fine/x", 1, 2, false, bytes("b")));
            assertThat(client.read(RawMqttClient.PUBACK).reasonCode()).isZero();
        }
        assertThat(fixture.consume("fine", 1)).extracting(r -> text(r.value())).containsExactly("b");
    }

    @Test
    void shouldDisconnectAnMqtt5ClientWhoseQos0PublishHasNoKafkaTopicName() throws Exception {
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "refused-qos0", true, 60, 0));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.publish(5, "no kafka name!/x", 0, 0, false, bytes("a")));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).singleElement().satisfies(p -> {
                assertThat(p.reasonCode()).as("0x90 Topic Name invalid: QoS 0 has no PUBACK to say it")
                    .isEqualTo(0x90);
                assertThat(p.disconnectReason()).isNotBlank();
            });
        }
    }

    @Test
    void shouldCloseAnMqtt311ConnectionThatPublishesToATopicWithoutAKafkaName() throws Exception {
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(4, "refused-4", true, 60, 0));
            assertThat(client.read(RawMqttClient.CONNACK).reasonCode()).isZero();
            client.send(RawMqttClient.publish(4, "__internal/x", 1, 1, false, bytes("a")));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).isEmpty(); // no PUBACK: 3.1.1 has no code
        }
    }

    @Test
    void shouldAnswerAStorageFailureWithUnspecifiedErrorAndItsReasonAndStoreTheResendOnceTheDiskIsBack()
        throws Exception {
        fixture.faults().fail("disk", () -> new KafkaStorageException("Not enough free space to append"));
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "unlucky", false, 60, 600));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.publish(5, "disk/k", 1, 1, false, bytes("q1")));
            RawMqttClient.Packet puback = client.read(RawMqttClient.PUBACK);
            assertThat(puback.reasonCode()).isEqualTo(0x80);
            assertThat(new String(puback.body(), StandardCharsets.UTF_8)).contains("Not enough free space");
            client.send(RawMqttClient.publish(5, "disk/k", 2, 2, false, bytes("q2")));
            assertThat(client.read(RawMqttClient.PUBREC).reasonCode()).isEqualTo(0x80);

            fixture.faults().heal("disk");
            client.send(RawMqttClient.publish(5, "disk/k", 2, 2, true, bytes("q2")));
            assertThat(client.read(RawMqttClient.PUBREC).reasonCode()).isZero();
            client.send(RawMqttClient.pubrel(2));
            assertThat(client.read(RawMqttClient.PUBCOMP).reasonCode()).isZero();
        }
        assertThat(fixture.consume("disk", 1)).extracting(r -> text(r.value())).containsExactly("q2");
    }

    @Test
    void shouldCloseAnMqtt311ConnectionWhosePublishCannotBeStored() throws Exception {
        fixture.faults().fail("disk", () -> new KafkaStorageException("I/O error"));
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(4, "unlucky-311", true, 60, 0));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.publish(4, "disk/k", 1, 1, false, bytes("q1")));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
        }
    }

    @Test
    void shouldStoreARetainedPublishAsTheTopicsRetainedMessageBeforeAcknowledgingIt() throws Exception {
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), "retainer")) {
            MqttMessage message = new MqttMessage(bytes("on"));
            message.setQos(1);
            message.setRetained(true);
            paho.client.publish("lights/hall", message).waitForCompletion(10_000);
            assertThat(fixture.recordCount("__mqtt_retained")).isEqualTo(1);
            assertThat(fixture.recordCount("lights")).isEqualTo(1);
        }
        assertThat(fixture.consume("lights", 1)).extracting(r -> header(r, "mqtt.retain")).containsExactly("true");
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }
}
