package io.freshet.mqtt;

import io.freshet.storage.testing.ManualClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.freshet.mqtt.MqttPublishTest.bytes;
import static io.freshet.mqtt.MqttPublishTest.header;
import static io.freshet.mqtt.MqttPublishTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sessions as clients see them: Session Present, takeover, expiry (on a test clock), wills with and without delay,
 * keep-alive, and persistent sessions across a broker restart.
 */
@Timeout(60)
class MqttSessionTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private MqttFixture fixture;

    private MqttFixture start(MqttConfig config) {
        fixture = MqttFixture.start(dataDir, config, clock);
        return fixture;
    }

    private MqttFixture start() {
        return start(MqttConfig.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldReportSessionPresentOnlyWhenAnMqtt311ClientResumesAPersistentSession() throws Exception {
        start();
        assertThat(connect311("phone", false)).as("first persistent connect").isFalse();
        assertThat(connect311("phone", false)).as("resumed").isTrue();
        assertThat(connect311("phone", true)).as("clean session").isFalse();
        assertThat(connect311("phone", false)).as("after a clean session, nothing to resume").isFalse();
    }

    @Test
    void shouldReportSessionPresentOnlyWhenAnMqtt5ClientResumesASessionThatOutlivesItsConnection() throws Exception {
        start();
        assertThat(connect5("tablet", false, 3600)).isFalse();
        assertThat(connect5("tablet", false, 3600)).isTrue();
        assertThat(connect5("tablet", false, 0)).as("resumed, now ending with its connection").isTrue();
        assertThat(connect5("tablet", false, 0)).as("Session Expiry 0 ended it at the disconnect").isFalse();
        assertThat(connect5("tablet", true, 3600)).as("Clean Start").isFalse();
    }

    @Test
    void shouldEndTheFirstConnectionWithSessionTakenOverWhenTheSameClientIdConnects() throws Exception {
        start();
        assertTakenOver("twin", fixture.mqttPort(), fixture.mqttPort());
    }

    @Test
    void aConnectThroughAnotherListenerResumesTheSessionAndTheFirstEndsItsConnectionWith0x8E() throws Exception {
        start();
        MqttServer beside = fixture.startAnother(); // started before the session existed: it follows the store
        assertTakenOver("roamer", fixture.mqttPort(), beside.boundPort());
    }

    /**
     * An MQTT 5 client connects to {@code firstPort} with a session of 60 s, then another with the same id to {@code
     * secondPort}: the second resumes the session, the first gets DISCONNECT 0x8E and its socket closed, the second
     * stays connected.
     */
    private static void assertTakenOver(String clientId, int firstPort, int secondPort) throws Exception {
        try (RawMqttClient first = new RawMqttClient(firstPort);
             RawMqttClient second = new RawMqttClient(secondPort)) {
            first.send(RawMqttClient.connect(5, clientId, false, 60, 600));
            assertThat(first.read(RawMqttClient.CONNACK).reasonCode()).isZero();

            second.send(RawMqttClient.connect(5, clientId, false, 60, 600));
            RawMqttClient.Packet connack = second.read(RawMqttClient.CONNACK);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.sessionPresent()).isTrue();

            List<RawMqttClient.Packet> toFirst = first.readUntilClosed(Duration.ofSeconds(10));
            assertThat(toFirst).singleElement().satisfies(p -> {
                assertThat(p.type()).isEqualTo(RawMqttClient.DISCONNECT);
                assertThat(p.reasonCode()).isEqualTo(0x8E);
            });
            second.send(RawMqttClient.pingreq());
            assertThat(second.read().type()).isEqualTo(RawMqttClient.PINGRESP);
        }
    }

    @Test
    void aListenerThatRestoredASessionAnotherRunningListenerHoldsLeavesItsExpiryToThatOne() throws Exception {
        start();
        try (RawMqttClient held = new RawMqttClient(fixture.mqttPort())) {
            held.send(RawMqttClient.connect(5, "held", false, 60, 600));
            assertThat(held.read(RawMqttClient.CONNACK).reasonCode()).isZero();
            MqttServer beside = fixture.startAnother(); // restores "held", stored as connected: expiring from now
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> beside.sessions().listenerRunning(fixture.state().writerId()));

            clock.advance(61_000);
            beside.sessions().expireDue().join();

            assertThat(fixture.state().get("session/held")).as("still stored").isPresent();
            held.send(RawMqttClient.pingreq());
            assertThat(held.read().type()).as("still connected").isEqualTo(RawMqttClient.PINGRESP);
        }
    }

    @Test
    void shouldLeaveExactlyOneConnectionWhenManyConnectAtOnceWithTheSameClientId() throws Exception {
        start();
        int count = 20;
        List<RawMqttClient> clients = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            for (int i = 0; i < count; i++) {
                clients.add(new RawMqttClient(fixture.mqttPort()));
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.CompletableFuture<Integer>> connacks = new java.util.ArrayList<>();
            for (RawMqttClient client : clients) {
                connacks.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        client.send(RawMqttClient.connect(5, "crowd", false, 60, 600));
                        return client.read(RawMqttClient.CONNACK).reasonCode();
                    } catch (Exception e) {
                        return -1; // taken over (and closed) before its CONNACK was read: also fine
                    }
                }, threads));
            }
            go.countDown();
            connacks.forEach(java.util.concurrent.CompletableFuture::join);

            int open = 0;
            for (RawMqttClient client : clients) {
                try {
                    client.send(RawMqttClient.pingreq());
                    RawMqttClient.Packet next = client.read();
                    if (next.type() == RawMqttClient.PINGRESP) {
                        open++;
                        continue;
                    }
                    assertThat(next.reasonCode()).isEqualTo(0x8E);
                } catch (java.io.IOException closed) {
                    // closed after its DISCONNECT 0x8E
                }
            }
            assertThat(open).as("connections still attached").isEqualTo(1);
            assertThat(fixture.server().sessions().sessionCount()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
            for (RawMqttClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void shouldCloseTheFirstMqtt311ConnectionWithoutAPacketOnTakeover() throws Exception {
        start();
        try (RawMqttClient first = new RawMqttClient(fixture.mqttPort());
             RawMqttClient second = new RawMqttClient(fixture.mqttPort())) {
            first.send(RawMqttClient.connect(4, "twin311", true, 60, 0));
            first.read(RawMqttClient.CONNACK);
            second.send(RawMqttClient.connect(4, "twin311", true, 60, 0));
            assertThat(second.read(RawMqttClient.CONNACK).reasonCode()).isZero();
            assertThat(first.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
        }
    }

    @Test
    void shouldStoreAQos2PublishOnceWhenTheConnectionThatTookTheSessionOverResendsIt() throws Exception {
        start();
        try (RawMqttClient first = new RawMqttClient(fixture.mqttPort());
             RawMqttClient second = new RawMqttClient(fixture.mqttPort())) {
            first.send(RawMqttClient.connect(5, "mover", false, 60, 600));
            first.read(RawMqttClient.CONNACK);
            first.send(RawMqttClient.publish(5, "moved/k", 2, 5, false, bytes("once")));
            assertThat(first.read(RawMqttClient.PUBREC).packetId()).isEqualTo(5);

            second.send(RawMqttClient.connect(5, "mover", false, 60, 600));
            assertThat(second.read(RawMqttClient.CONNACK).sessionPresent()).isTrue();
            second.send(RawMqttClient.publish(5, "moved/k", 2, 5, true, bytes("once")));
            RawMqttClient.Packet pubrec = second.read(RawMqttClient.PUBREC);
            assertThat(pubrec.packetId()).isEqualTo(5);
            assertThat(pubrec.reasonCode()).isZero();
            second.send(RawMqttClient.pubrel(5));
            RawMqttClient.Packet pubcomp = second.read(RawMqttClient.PUBCOMP);
            assertThat(pubcomp.reasonCode()).isZero();
        }
        assertThat(fixture.recordCount("moved")).isEqualTo(1);
    }

    @Test
    void shouldPublishTheWillWhenTheSocketIsClosedWithoutDisconnect() throws Exception {
        start();
        try (RawMqttClient device = new RawMqttClient(fixture.mqttPort())) {
            device.send(RawMqttClient.connect("MQTT", 4, "dev9", true, 60, 0, "alerts/dev9", bytes("offline"), 0));
            assertThat(device.read(RawMqttClient.CONNACK).reasonCode()).isZero();
        } // closed without DISCONNECT

        ConsumerRecord<byte[], byte[]> will = fixture.consume("alerts", 1).get(0);
        assertThat(text(will.key())).isEqualTo("dev9");
        assertThat(text(will.value())).isEqualTo("offline");
        assertThat(header(will, "mqtt.client_id")).isEqualTo("dev9");
        assertThat(header(will, "mqtt.qos")).isEqualTo("1");
    }

    @Test
    void shouldNotPublishTheWillOnANormalDisconnect() throws Exception {
        start();
        try (RawMqttClient device = new RawMqttClient(fixture.mqttPort())) {
            device.send(RawMqttClient.connect("MQTT", 4, "calm", true, 60, 0, "calm/dev", bytes("will"), 0));
            device.read(RawMqttClient.CONNACK);
            device.send(RawMqttClient.disconnect());
            device.readUntilClosed(Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.server().sessions().sessionCount() == 0);

        assertThat(valuesUpToMarker("calm/dev")).containsExactly("marker");
    }

    @Test
    void shouldPublishADelayedWillOnlyOnceItsDelayHasPassed() throws Exception {
        start();
        dropWithWill("late", 30);
        fixture.awaitStoredAsDisconnected("late");

        clock.advance(29_000);
        fixture.expireDue();
        assertThat(valuesUpToMarker("late/dev")).as("29 s after the drop").containsExactly("marker");

        clock.advance(2_000);
        fixture.expireDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.recordCount("late") == 2);
        assertThat(fixture.consume("late", 2)).extracting(r -> text(r.value())).containsExactly("marker", "gone");
    }

    @Test
    void shouldNotPublishADelayedWillWhenTheSessionResumesWithinTheDelay() throws Exception {
        start();
        dropWithWill("late", 30);
        fixture.awaitStoredAsDisconnected("late");
        clock.advance(10_000);

        try (RawMqttClient again = new RawMqttClient(fixture.mqttPort())) {
            again.send(RawMqttClient.connect(5, "late", false, 60, 600));
            assertThat(again.read(RawMqttClient.CONNACK).sessionPresent()).isTrue();
            clock.advance(60_000);
            fixture.expireDue();
            assertThat(valuesUpToMarker("late/dev")).containsExactly("marker");
        }
    }

    @Test
    void shouldExpireADisconnectedSessionOnceItsExpiryIntervalHasPassed() throws Exception {
        start();
        connectAndDisconnect5("brief", 60);
        clock.advance(59_000);
        fixture.expireDue();
        connectAndDisconnect5("brief", 60);
        assertThat(fixture.state().get("session/brief")).isPresent();

        clock.advance(61_000);
        fixture.expireDue();
        assertThat(fixture.state().get("session/brief")).isEmpty();
        assertThat(connect5("brief", false, 60)).as("session present after expiry").isFalse();
    }

    @Test
    void shouldKeepAPersistentSessionAcrossABrokerRestart() throws Exception {
        start();
        assertThat(connect311("survivor", false)).isFalse();
        fixture.restart();
        assertThat(connect311("survivor", false)).isTrue();
    }

    @Test
    void shouldExpireARestoredSessionCountingFromItsDisconnectionBeforeTheRestart() throws Exception {
        start();
        connectAndDisconnect5("restored", 60);
        clock.advance(40_000);
        fixture.restart();
        clock.advance(21_000);
        fixture.expireDue();
        assertThat(connect5("restored", false, 60)).isFalse();
    }

    @Test
    void shouldCloseAConnectionSilentForOneAndAHalfKeepAlivesAndPublishItsWill() throws Exception {
        start();
        try (RawMqttClient quiet = new RawMqttClient(fixture.mqttPort())) {
            quiet.send(RawMqttClient.connect("MQTT", 5, "quiet", true, 1, 0, "quiet/dev", bytes("timed out"), 0));
            quiet.read(RawMqttClient.CONNACK);
            long connectedAt = System.nanoTime();
            List<RawMqttClient.Packet> packets = quiet.readUntilClosed(Duration.ofSeconds(10));
            long silentMs = (System.nanoTime() - connectedAt) / 1_000_000;
            assertThat(packets).singleElement().satisfies(p -> assertThat(p.reasonCode()).isEqualTo(0x8D));
            assertThat(silentMs).isGreaterThanOrEqualTo(1_400);
        }
        assertThat(fixture.consume("quiet", 1)).extracting(r -> text(r.value())).containsExactly("timed out");
    }

    @Test
    void shouldRefuseASessionExpiryAtDisconnectWhenItWasZeroAtConnect() throws Exception {
        start();
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "zero", true, 60, 0));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.disconnect5(0, 30));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10)))
                .singleElement().satisfies(p -> assertThat(p.reasonCode()).isEqualTo(0x82));
        }
    }

    @Test
    void shouldTellAnMqtt5ClientTheSessionExpiryAndClientIdTheServerChose() throws Exception {
        start(new MqttConfig("127.0.0.1", 0, 1024 * 1024, 1000, 128, 128, 16, 100, ""));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSessionExpiryInterval(1000L);
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), "", options)) {
            var properties = paho.connectToken.getResponseProperties();
            assertThat(properties.getSessionExpiryInterval()).isEqualTo(100L);
            assertThat(properties.getAssignedClientIdentifier()).startsWith("freshet-");
            assertThat(properties.getReceiveMaximum()).isEqualTo(128);
            assertThat(properties.getTopicAliasMaximum()).isEqualTo(16);
            assertThat(properties.getMaximumPacketSize()).isEqualTo(1024L * 1024);
            assertThat(properties.isRetainAvailable()).isTrue();
            assertThat(properties.isWildcardSubscriptionsAvailable()).isTrue();
            assertThat(properties.isSubscriptionIdentifiersAvailable()).isTrue();
            assertThat(properties.isSharedSubscriptionAvailable()).isTrue();
            MqttMessage message = new MqttMessage(bytes("hello"));
            message.setQos(1);
            paho.client.publish("assigned/x", message).waitForCompletion(10_000);
        }
        assertThat(fixture.consume("assigned", 1)).extracting(r -> header(r, "mqtt.client_id"))
            .singleElement().asString().startsWith("freshet-");
    }

    @Test
    void shouldRefuseAnEmptyClientIdOfAnMqtt311ClientThatWantsAPersistentSession() throws Exception {
        start();
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(4, "", false, 60, 0));
            assertThat(client.readUntilClosed(Duration.ofSeconds(10)))
                .singleElement().satisfies(p -> assertThat(p.reasonCode()).isEqualTo(0x02));
        }
    }

    @Test
    void shouldPublishTheWillOnADisconnectWithWillMessage() throws Exception {
        start();
        try (RawMqttClient device = new RawMqttClient(fixture.mqttPort())) {
            device.send(RawMqttClient.connect("MQTT", 5, "leaver", true, 60, 0, "leaving/dev", bytes("bye"), 0));
            device.read(RawMqttClient.CONNACK);
            device.send(RawMqttClient.disconnect5(0x04, -1));
            device.readUntilClosed(Duration.ofSeconds(10));
        }
        assertThat(fixture.consume("leaving", 1)).extracting(r -> text(r.value())).containsExactly("bye");
    }

    @Test
    void shouldEndTheSessionAtDisconnectWhenTheDisconnectSetsItsExpiryToZero() throws Exception {
        start();
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "shortened", false, 60, 600));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.disconnect5(0, 0));
            client.readUntilClosed(Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.state().get("session/shortened").isEmpty());
        assertThat(connect5("shortened", false, 600)).isFalse();
    }

    @Test
    void shouldSendServerShuttingDownOnCloseAndKeepPersistentSessions() throws Exception {
        start();
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect("MQTT", 5, "kept", false, 60, 600, "kept/dev", bytes("will"), 0));
            client.read(RawMqttClient.CONNACK);
            client.send(RawMqttClient.publish(5, "kept/dev", 2, 4, false, bytes("in flight")));
            client.read(RawMqttClient.PUBREC);

            fixture.restart();

            assertThat(client.readUntilClosed(Duration.ofSeconds(10))).singleElement()
                .satisfies(p -> assertThat(p.reasonCode()).as("0x8B Server shutting down").isEqualTo(0x8B));
        }
        try (RawMqttClient client = new RawMqttClient(fixture.mqttPort())) {
            client.send(RawMqttClient.connect(5, "kept", false, 60, 600));
            assertThat(client.read(RawMqttClient.CONNACK).sessionPresent()).isTrue();
            client.send(RawMqttClient.pubrel(4));
            assertThat(client.read(RawMqttClient.PUBCOMP).reasonCode()).isZero();
        }
        assertThat(fixture.consume("kept", 1)).extracting(r -> text(r.value()))
            .as("the will is not published on a shutdown").containsExactly("in flight");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private boolean connect311(String clientId, boolean cleanSession) throws Exception {
        try (var client = new org.eclipse.paho.client.mqttv3.MqttClient(fixture.mqttUri(), clientId,
            new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(cleanSession);
            boolean present = client.connectWithResult(options).getSessionPresent();
            client.disconnect();
            return present;
        }
    }

    private boolean connect5(String clientId, boolean cleanStart, long expiry) throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(expiry);
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), clientId, options)) {
            boolean present = paho.sessionPresent();
            paho.disconnect();
            return present;
        }
    }

    private void connectAndDisconnect5(String clientId, long expiry) throws Exception {
        connect5(clientId, false, expiry);
        fixture.awaitStoredAsDisconnected(clientId);
    }

    /** A persistent MQTT 5 session (expiry 600 s) with a will "gone" to CLIENT/dev, dropped without DISCONNECT. */
    private void dropWithWill(String clientId, long willDelay) throws Exception {
        try (RawMqttClient device = new RawMqttClient(fixture.mqttPort())) {
            device.send(RawMqttClient.connect("MQTT", 5, clientId, true, 60, 600, clientId + "/dev", bytes("gone"),
                willDelay));
            assertThat(device.read(RawMqttClient.CONNACK).reasonCode()).isZero();
        }
    }

    /**
     * Publishes "marker" to {@code topic} and returns the values of its Kafka topic up to the marker: a will issued
     * before (to the same key, so the same partition) would be among them.
     */
    private List<String> valuesUpToMarker(String topic) throws Exception {
        try (Paho5 paho = Paho5.connect(fixture.mqttUri(), "marker-" + System.nanoTime())) {
            MqttMessage marker = new MqttMessage(bytes("marker"));
            marker.setQos(1);
            paho.client.publish(topic, marker).waitForCompletion(10_000);
            paho.disconnect();
        }
        String kafkaTopic = topic.substring(0, topic.indexOf('/'));
        List<String> values = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : fixture.consume(kafkaTopic, (int) fixture.recordCount(kafkaTopic))) {
            values.add(text(record.value()));
            if (text(record.value()).equals("marker")) {
                break;
            }
        }
        return values;
    }
}
