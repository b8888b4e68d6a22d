package io.freshet.mqtt;

import io.freshet.mqtt.RawMqttClient.Bytes;
import io.freshet.mqtt.RawMqttClient.Packet;
import org.apache.kafka.common.utils.Time;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.freshet.mqtt.MqttPublishTest.bytes;
import static io.freshet.mqtt.MqttPublishTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input of issue 10 from a raw socket, with the reason code MQTT 5 asks for (3.1.1: the connection closed
 * without a word); meanwhile a well-behaved client on another connection keeps publishing.
 */
@Timeout(60)
class MqttBadInputTest {

    private static final int MAX_PACKET_SIZE = 4096;
    private static final int RECEIVE_MAXIMUM = 5;
    private static final int TOPIC_ALIAS_MAXIMUM = 8;

    @TempDir
    Path dataDir;

    private MqttFixture fixture;
    private Paho5 bystander;
    private int bystanderMessages;

    @BeforeEach
    void start() throws Exception {
        fixture = MqttFixture.start(dataDir, new MqttConfig("127.0.0.1", 0, MAX_PACKET_SIZE, 1000, RECEIVE_MAXIMUM,
            128, TOPIC_ALIAS_MAXIMUM, 3600, ""), Time.SYSTEM);
        bystander = Paho5.connect(fixture.mqttUri(), "bystander");
        bystanderPublishes();
    }

    @AfterEach
    void bystanderStillWorks() throws Exception {
        try {
            bystanderPublishes();
            assertThat(fixture.recordCount("bystander")).isEqualTo(bystanderMessages);
            bystander.close();
        } finally {
            fixture.close();
        }
    }

    private void bystanderPublishes() throws Exception {
        MqttMessage message = new MqttMessage(bytes("still here " + bystanderMessages));
        message.setQos(1);
        bystander.client.publish("bystander/x", message).waitForCompletion(10_000);
        bystanderMessages++;
    }

    @Test
    void shouldDisconnectWithMalformedPacketOnAPublishWithQos3() throws IOException {
        try (RawMqttClient client = connected(5, "qos3")) {
            client.send(RawMqttClient.packet(0x36, new Bytes().string("a/b").u16(1).properties(new Bytes())));
            assertDisconnectedWith(client, 0x81);
        }
        try (RawMqttClient client = connected(4, "qos3-311")) {
            client.send(RawMqttClient.packet(0x36, new Bytes().string("a/b").u16(1)));
            assertClosedWithoutAPacket(client);
        }
    }

    @Test
    void shouldDisconnectWithMalformedPacketOnInvalidUtf8InATopicName() throws IOException {
        byte[] invalid = {'a', '/', (byte) 0xC3, 0x28}; // 0xC3 must be followed by a continuation byte
        try (RawMqttClient client = connected(5, "utf8")) {
            client.send(RawMqttClient.packet(0x32, new Bytes().binary(invalid).u16(1).properties(new Bytes())
                .raw(bytes("x"))));
            assertDisconnectedWith(client, 0x81);
        }
        try (RawMqttClient client = connected(4, "utf8-311")) {
            client.send(RawMqttClient.packet(0x32, new Bytes().binary(invalid).u16(1).raw(bytes("x"))));
            assertClosedWithoutAPacket(client);
        }
        byte[] surrogate = {'a', '/', (byte) 0xED, (byte) 0xA0, (byte) 0x80}; // U+D800 encoded: not well-formed
        try (RawMqttClient client = connected(5, "surrogate")) {
            client.send(RawMqttClient.packet(0x30, new Bytes().binary(surrogate).properties(new Bytes())));
            assertDisconnectedWith(client, 0x81);
        }
    }

    @Test
    void shouldDisconnectWithTopicNameInvalidOnAWildcardInAPublishTopic() throws IOException {
        for (String topic : List.of("a/+/b", "a/#")) {
            try (RawMqttClient client = connected(5, "wildcard")) {
                client.send(RawMqttClient.publish(5, topic, 1, 1, false, bytes("x")));
                assertDisconnectedWith(client, 0x90);
            }
        }
        try (RawMqttClient client = connected(4, "wildcard-311")) {
            client.send(RawMqttClient.publish(4, "a/+", 1, 1, false, bytes("x")));
            assertClosedWithoutAPacket(client);
        }
        assertThat(fixture.recordCount("a")).isZero();
    }

    @Test
    void shouldCloseAConnectionWhoseFirstPacketIsNotAConnect() throws IOException {
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.publish(4, "early/x", 0, 0, false, bytes("x")));
            assertClosedWithoutAPacket(client);
        }
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.pingreq());
            assertClosedWithoutAPacket(client);
        }
        assertThat(fixture.recordCount("early")).isZero();
    }

    @Test
    void shouldRefuseAProtocolLevelOtherThan311And5() throws IOException {
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect("MQTT", 6, "future", true, 60, 0, null, null, 0));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).singleElement().satisfies(connack -> {
                assertThat(connack.type()).isEqualTo(RawMqttClient.CONNACK);
                assertThat(connack.reasonCode()).as("MQTT 5 0x84 Unsupported Protocol Version").isEqualTo(0x84);
            });
        }
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect("MQIsdp", 3, "old", true, 60, 0, null, null, 0));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).singleElement().satisfies(connack -> {
                assertThat(connack.body()).as("3.1.1 CONNACK 0x01 unacceptable protocol level")
                    .containsExactly(0x00, 0x01);
            });
        }
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect("MQTX", 4, "misnamed", true, 60, 0, null, null, 0));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).singleElement()
                .satisfies(connack -> assertThat(connack.body()).containsExactly(0x00, 0x01));
        }
    }

    @Test
    void shouldDisconnectWithProtocolErrorOnASecondConnect() throws IOException {
        try (RawMqttClient client = connected(5, "twice")) {
            client.send(RawMqttClient.connect(5, "twice", true, 60, 0));
            assertDisconnectedWith(client, 0x82);
        }
        try (RawMqttClient client = connected(4, "twice-311")) {
            client.send(RawMqttClient.connect(4, "twice-311", true, 60, 0));
            assertClosedWithoutAPacket(client);
        }
    }

    @Test
    void shouldRefuseAPacketLargerThanTheMaximumBeforeReceivingItWhole() throws IOException {
        try (RawMqttClient client = connected(5, "big")) {
            // Fixed header announcing 1 MiB; only the topic and a few bytes follow. The refusal must come anyway.
            client.send(new Bytes().u8(0x30).variableInt(1024 * 1024).string("big/x").u8(0).raw(new byte[100])
                .toByteArray());
            Packet disconnect = client.read();
            assertThat(disconnect.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(disconnect.reasonCode()).as("0x95 Packet too large").isEqualTo(0x95);
        }
        try (RawMqttClient client = connected(4, "big-311")) {
            client.send(new Bytes().u8(0x30).variableInt(1024 * 1024).string("big/x").raw(new byte[100])
                .toByteArray());
            assertClosedWithoutAPacket(client);
        }
        try (RawMqttClient client = connected(5, "just-too-big")) {
            byte[] payload = new byte[MAX_PACKET_SIZE]; // with its headers one packet over the maximum
            client.send(RawMqttClient.publish(5, "big/y", 0, 0, false, payload));
            assertDisconnectedWith(client, 0x95);
        }
        assertThat(fixture.recordCount("big")).isZero();
    }

    @Test
    void shouldRefuseAConnectLargerThanTheMaximum() throws IOException {
        byte[] bigWill = new byte[MAX_PACKET_SIZE + 100];
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect("MQTT", 5, "big-will", true, 60, 0, "w/x", bigWill, 0));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).singleElement()
                .satisfies(connack -> assertThat(connack.reasonCode()).as("CONNACK 0x95").isEqualTo(0x95));
        }
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect("MQTT", 4, "big-will-311", true, 60, 0, "w/x", bigWill, 0));
            assertClosedWithoutAPacket(client);
        }
    }

    @Test
    void shouldDisconnectAClientSendingMoreQos1PublishesThanReceiveMaximumAndKeepWhatWasAcknowledged()
        throws IOException {
        Set<Integer> acknowledged = new HashSet<>();
        try (RawMqttClient client = connected(5, "flood")) {
            Bytes flood = new Bytes();
            for (int id = 1; id <= 4 * RECEIVE_MAXIMUM; id++) {
                flood.raw(RawMqttClient.publish(5, "flood/k", 1, id, false, bytes("m" + id)));
            }
            client.send(flood.toByteArray());
            List<Packet> packets = client.readUntilClosed(Duration.ofSeconds(10));
            assertThat(packets).last().satisfies(p -> {
                assertThat(p.type()).isEqualTo(RawMqttClient.DISCONNECT);
                assertThat(p.reasonCode()).as("0x93 Receive Maximum exceeded").isEqualTo(0x93);
            });
            packets.stream().filter(p -> p.type() == RawMqttClient.PUBACK).forEach(p -> {
                assertThat(p.reasonCode()).isZero();
                acknowledged.add(p.packetId());
            });
        }
        long stored = fixture.recordCount("flood");
        assertThat(stored).isLessThanOrEqualTo(RECEIVE_MAXIMUM);
        List<String> values = fixture.consume("flood", (int) stored).stream().map(r -> text(r.value())).toList();
        for (int id : acknowledged) {
            assertThat(values).as("acknowledged PUBLISH %d", id).contains("m" + id);
        }
    }

    @Test
    void shouldCheckTopicAliases() throws IOException {
        try (RawMqttClient client = connected(5, "aliases")) {
            client.send(RawMqttClient.publish(5, "alias/x", 1, 1, false, bytes("set"), new Bytes().u8(0x23).u16(3)));
            assertThat(client.read(RawMqttClient.PUBACK).reasonCode()).isZero();
            client.send(RawMqttClient.publish(5, "", 1, 2, false, bytes("used"), new Bytes().u8(0x23).u16(3)));
            assertThat(client.read(RawMqttClient.PUBACK).reasonCode()).isZero();
            client.send(RawMqttClient.publish(5, "", 1, 3, false, bytes("unset"), new Bytes().u8(0x23).u16(4)));
            assertDisconnectedWith(client, 0x82);
        }
        assertThat(fixture.consume("alias", 2)).extracting(r -> text(r.key()) + "=" + text(r.value()))
            .containsExactly("x=set", "x=used");
        for (int alias : new int[] {0, TOPIC_ALIAS_MAXIMUM + 1}) {
            try (RawMqttClient client = connected(5, "alias-" + alias)) {
                client.send(RawMqttClient.publish(5, "alias/y", 0, 0, false, bytes("x"),
                    new Bytes().u8(0x23).u16(alias)));
                assertDisconnectedWith(client, 0x94);
            }
        }
    }

    @Test
    void shouldDisconnectOnAnEmptyTopicWithoutAlias() throws IOException {
        try (RawMqttClient client = connected(5, "empty")) {
            client.send(RawMqttClient.publish(5, "", 1, 1, false, bytes("x")));
            assertDisconnectedWith(client, 0x82);
        }
    }

    @Test
    void shouldAnswerAnInvalidTopicFilterInItsSubackSlot() throws IOException {
        try (RawMqttClient client = connected(5, "filters")) {
            client.send(RawMqttClient.subscribe(5, 7, "a/#/b", 1));
            Packet suback = client.read(RawMqttClient.SUBACK);
            assertThat(suback.packetId()).isEqualTo(7);
            assertThat(suback.body()[suback.body().length - 1] & 0xFF).as("0x8F Topic Filter invalid")
                .isEqualTo(0x8F);
        }
        try (RawMqttClient client = connected(4, "filters-311")) {
            client.send(RawMqttClient.subscribe(4, 7, "a/b+", 1));
            Packet suback = client.read(RawMqttClient.SUBACK);
            assertThat(suback.body()).as("0x80 Failure").containsExactly(0, 7, 0x80);
        }
    }

    @Test
    void shouldRefuseAConnectWithAWillQosOf3() throws IOException {
        byte[] connect = RawMqttClient.connect("MQTT", 4, "will3", true, 60, 0, "w/x", bytes("x"), 0);
        connect[9] |= 0x18; // will QoS bits 3-4 = 3
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(connect);
            assertClosedWithoutAPacket(client);
        }
    }

    private RawMqttClient connected(int level, String clientId) throws IOException {
        RawMqttClient client = new RawMqttClient(fixture.mqttPort());
        client.send(RawMqttClient.connect(level, clientId, true, 60, 0));
        assertThat(client.read(RawMqttClient.CONNACK).reasonCode()).isZero();
        return client;
    }

    private static void assertDisconnectedWith(RawMqttClient client, int reasonCode) throws IOException {
        List<Packet> packets = client.readUntilClosed(Duration.ofSeconds(10));
        assertThat(packets).last().satisfies(p -> {
            assertThat(p.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(p.reasonCode()).as("reason %s", p.disconnectReason()).isEqualTo(reasonCode);
        });
    }

    private static void assertClosedWithoutAPacket(RawMqttClient client) throws IOException {
        assertThat(client.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
    }
}
