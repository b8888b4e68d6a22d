package io.freshet.mqtt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.freshet.mqtt.MqttPublishTest.bytes;
import static io.freshet.mqtt.MqttPublishTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound QoS 2 exactly once: a resent PUBLISH is not stored again, also across broker restarts for persistent
 * sessions (the packet-id state is in {@code __mqtt_sessions}); a receipt whose record never made it to the log lets
 * the resend through.
 */
@Timeout(60)
class MqttQos2Test {

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

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {4, 5})
    void shouldNotStoreAQos2PublishTwiceWhenTheClientResendsItAfterABrokerRestart(int level) throws IOException {
        try (RawMqttClient client = connect(level, "exactly")) {
            client.send(RawMqttClient.publish(level, "exact/k", 2, 7, false, bytes("once")));
            assertThat(client.read(RawMqttClient.PUBREC).packetId()).isEqualTo(7);
        } // gone before PUBREL

        fixture.restart();

        try (RawMqttClient client = connect(level, "exactly")) {
            client.send(RawMqttClient.publish(level, "exact/k", 2, 7, true, bytes("once")));
            RawMqttClient.Packet pubrec = client.read(RawMqttClient.PUBREC);
            assertThat(pubrec.packetId()).isEqualTo(7);
            assertThat(pubrec.reasonCode()).isZero();
            client.send(RawMqttClient.pubrel(7));
            assertThat(client.read(RawMqttClient.PUBCOMP).reasonCode()).isZero();
            assertThat(fixture.state().get("qos2/exactly/7")).as("receipt released").isEmpty();

            client.send(RawMqttClient.publish(level, "exact/k", 2, 7, false, bytes("next")));
            assertThat(client.read(RawMqttClient.PUBREC).reasonCode()).isZero();
        }
        assertThat(fixture.consume("exact", 2)).extracting(r -> text(r.value())).containsExactly("once", "next");
        assertThat(fixture.recordCount("exact")).isEqualTo(2);
    }

    @Test
    void shouldCompleteAPubrelAfterARestartWithoutTheResend() throws IOException {
        try (RawMqttClient client = connect(5, "releaser")) {
            client.send(RawMqttClient.publish(5, "released/k", 2, 3, false, bytes("x")));
            client.read(RawMqttClient.PUBREC);
        }
        fixture.restart();
        try (RawMqttClient client = connect(5, "releaser")) {
            client.send(RawMqttClient.pubrel(3)); // it had the PUBREC: it continues with PUBREL
            RawMqttClient.Packet pubcomp = client.read(RawMqttClient.PUBCOMP);
            assertThat(pubcomp.packetId()).isEqualTo(3);
            assertThat(pubcomp.reasonCode()).isZero();
        }
        assertThat(fixture.state().get("qos2/releaser/3")).isEmpty();
        assertThat(fixture.recordCount("released")).isEqualTo(1);
    }

    @Test
    void shouldStoreAResentQos2PublishWhoseReceiptWasWrittenButWhoseRecordWasNot() throws IOException {
        try (RawMqttClient client = connect(5, "halfway")) {
            client.send(RawMqttClient.publish(5, "half/k", 1, 1, false, bytes("before")));
            client.read(RawMqttClient.PUBACK);
        }
        // What a crash between the receipt's fsync and the record's append leaves: a receipt, no record.
        long end = fixture.log().endOffset(new org.apache.kafka.common.TopicPartition("half", 0));
        fixture.state().put("qos2/halfway/9", ("{\"v\":1,\"topic\":\"half\",\"partition\":0,\"fromOffset\":" + end
            + "}").getBytes(StandardCharsets.UTF_8)).join();

        fixture.restart();

        try (RawMqttClient client = connect(5, "halfway")) {
            client.send(RawMqttClient.publish(5, "half/k", 2, 9, true, bytes("resent")));
            assertThat(client.read(RawMqttClient.PUBREC).reasonCode()).isZero();
            client.send(RawMqttClient.pubrel(9));
            assertThat(client.read(RawMqttClient.PUBCOMP).reasonCode()).isZero();
        }
        assertThat(fixture.consume("half", 2)).extracting(r -> text(r.value())).containsExactly("before", "resent");
    }

    @Test
    void shouldNotStoreAResentQos2PublishOfASessionWithoutExpiryTwice() throws IOException {
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "fleeting", true, 60, 0));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.publish(5, "fleeting/k", 2, 1, false, bytes("one")));
            assertThat(client.read(RawMqttClient.PUBREC).reasonCode()).isZero();
            client.send(RawMqttClient.publish(5, "fleeting/k", 2, 1, true, bytes("one")));
            assertThat(client.read(RawMqttClient.PUBREC).reasonCode()).isZero();
            client.send(RawMqttClient.pubrel(1));
            assertThat(client.read(RawMqttClient.PUBCOMP).reasonCode()).isZero();
        }
        assertThat(fixture.recordCount("fleeting")).isEqualTo(1);
        assertThat(fixture.state().withPrefix("qos2/fleeting/")).as("nothing stored for it").isEmpty();
    }

    @Test
    void shouldAnswerPacketIdentifierNotFoundToAnUnknownPubrel() throws IOException {
        try (RawMqttClient client = connect(5, "stranger")) {
            client.send(RawMqttClient.pubrel(42));
            RawMqttClient.Packet pubcomp = client.read(RawMqttClient.PUBCOMP);
            assertThat(pubcomp.reasonCode()).as("0x92 Packet Identifier not found").isEqualTo(0x92);
        }
    }

    /** A persistent session (3.1.1 clean session false; 5: Clean Start 0, Session Expiry 1 h). */
    private RawMqttClient connect(int level, String clientId) throws IOException {
        RawMqttClient client = new RawMqttClient(fixture.mqttPort());
        client.send(RawMqttClient.connect(level, clientId, false, 60, 3600));
        assertThat(client.read(RawMqttClient.CONNACK).reasonCode()).isZero();
        return client;
    }
}
