package io.freshet.it;

import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MQTT over WebSocket ({@code ws://HOST:HTTP_PORT/mqtt}, subprotocol {@code mqtt}) reaches the same MQTT listener as
 * TCP, with Eclipse Paho's WebSocket transport (v3 and v5 clients), hand-written packets over the JDK's WebSocket
 * client, and the official Kafka Java client on the other side: the same sessions, limits and reason codes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttOverWebSocketTest {

    private static final int MAX_PACKET_SIZE = 16 * 1024;
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int MAX_CONNECTIONS = 4;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** The embedded Freshet, or a gateway in front of -Dfreshet.it.bootstrap with the same MQTT and HTTP limits. */
    @RegisterExtension
    final FreshetExtension freshet = FreshetExtension.perTest().withProperty("num.partitions", "1")
        .withProperty("mqtt.max.packet.size", Integer.toString(MAX_PACKET_SIZE))
        .withProperty("http.max.request.bytes", Integer.toString(MAX_REQUEST_BYTES))
        .withProperty("mqtt.max.connections", Integer.toString(MAX_CONNECTIONS));

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private String wsUri() {
        return "ws://127.0.0.1:" + freshet.httpPort() + "/mqtt";
    }

    @Test
    void aPublishOverWebSocketShouldReachSubscribersOverTcpAndWebSocketAndAKafkaConsumer() throws Exception {
        Paho5 tcpSubscriber = paho5(freshet.mqttUri(), "tcp-sub", new MqttConnectionOptions());
        tcpSubscriber.subscribe("ws-readings/#", 1);
        Paho3 wsSubscriber = paho3(wsUri(), "ws-sub-311", new MqttConnectOptions());
        wsSubscriber.client.subscribe("ws-readings/#", 2).waitForCompletion(10_000);
        Paho5 wsPublisher = paho5(wsUri(), "ws-pub-5", new MqttConnectionOptions());

        for (int i = 0; i < 30; i++) {
            // waitForCompletion: the PUBACK, sent once the record is durable, as over TCP
            wsPublisher.client.publish("ws-readings/meter/1", ("reading-" + i).getBytes(StandardCharsets.UTF_8), 1,
                false).waitForCompletion(10_000);
        }

        List<String> expected = IntStream.range(0, 30).mapToObj(i -> "reading-" + i).toList();
        assertThat(tcpSubscriber.take(30)).containsExactlyElementsOf(expected);
        assertThat(wsSubscriber.take(30)).containsExactlyElementsOf(expected);
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(freshet.bootstrapServers(), "ws-readings",
            Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
        assertThat(read).extracting(ConsumerRecord::key).containsOnly("meter/1");
    }

    @Test
    void aRetainedMessageFromTcpReachesAWebSocketSubscriberAndAWebSocketClientsWillIsPublished() throws Exception {
        Paho3 tcp = paho3(freshet.mqttUri(), "tcp-retainer", new MqttConnectOptions());
        tcp.client.publish("ws-state/lamp", "on".getBytes(StandardCharsets.UTF_8), 1, true).waitForCompletion(10_000);
        Paho5 wsSubscriber = paho5(wsUri(), "ws-late-sub", new MqttConnectionOptions());
        wsSubscriber.subscribe("ws-state/#", 1);
        assertThat(wsSubscriber.take(1)).as("the retained message, sent at SUBSCRIBE").containsExactly("on");

        MqttConnectionOptions withWill = new MqttConnectionOptions();
        withWill.setWill("ws-state/device-7", new org.eclipse.paho.mqttv5.common.MqttMessage(
            "offline".getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
        Paho5 device = paho5(wsUri(), "device-7", withWill);
        device.client.disconnectForcibly(0, 1000, false); // the socket closes without DISCONNECT

        assertThat(wsSubscriber.take(1)).as("the will of a WebSocket client").containsExactly("offline");
    }

    @Test
    void aSessionMovesFromTcpToWebSocketWithItsSubscriptionAndTheOldConnectionIsTakenOver() throws Exception {
        MqttConnectionOptions persistent = new MqttConnectionOptions();
        persistent.setCleanStart(false);
        persistent.setSessionExpiryInterval(3600L);
        Paho5 overTcp = paho5(freshet.mqttUri(), "roaming-1", persistent);
        overTcp.subscribe("ws-roaming/#", 1);

        Paho5 overWebSocket = paho5(wsUri(), "roaming-1", persistent);

        assertThat(overWebSocket.connectToken.getSessionPresent()).isTrue();
        assertThat(overTcp.disconnected.get(10, TimeUnit.SECONDS).getReturnCode())
            .as("0x8E Session taken over").isEqualTo(0x8E);
        Paho5 publisher = paho5(freshet.mqttUri(), "roaming-publisher", new MqttConnectionOptions());
        publisher.client.publish("ws-roaming/x", "follow me".getBytes(StandardCharsets.UTF_8), 1, false)
            .waitForCompletion(10_000);
        assertThat(overWebSocket.take(1)).as("the subscription made over TCP").containsExactly("follow me");
    }

    @Test
    void theSubprotocolIsMqttAndAnUnknownProtocolLevelGetsTheRefusalOfTcp() throws Exception {
        RawMqttWebSocket v311 = raw();
        assertThat(v311.webSocket.getSubprotocol()).isEqualTo("mqtt");
        v311.send(RawMqttWebSocket.connect(4, "raw-311"));
        RawMqttWebSocket.Packet connack = v311.read();
        assertThat(connack.type()).isEqualTo(RawMqttWebSocket.CONNACK);
        assertThat(connack.reasonCode()).isZero();

        RawMqttWebSocket level6 = raw();
        level6.send(RawMqttWebSocket.connect(6, "raw-6"));
        RawMqttWebSocket.Packet refusal = level6.read();
        assertThat(refusal.type()).isEqualTo(RawMqttWebSocket.CONNACK);
        assertThat(refusal.reasonCode()).as("MQTT 5 0x84 Unsupported Protocol Version").isEqualTo(0x84);
        level6.awaitClosed();
    }

    @Test
    void bytesThatAreNotMqttOrATextFrameCloseOnlyTheirOwnConnection() throws Exception {
        Paho5 bystander = paho5(wsUri(), "bystander", new MqttConnectionOptions());

        RawMqttWebSocket garbage = raw();
        garbage.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        garbage.awaitClosed();
        RawMqttWebSocket text = raw();
        text.webSocket.sendText("{\"hello\": 1}", true).join();
        assertThat(text.awaitClosed()).as("1003: MQTT travels in binary frames only").isEqualTo(1003);

        bystander.client.publish("ws-bystander/x", "still here".getBytes(StandardCharsets.UTF_8), 1, false)
            .waitForCompletion(10_000);
        assertThat(KafkaClients.readAll(freshet.bootstrapServers(), "ws-bystander", Duration.ofSeconds(30)))
            .extracting(ConsumerRecord::value).containsExactly("still here");
    }

    @Test
    void aPacketOverMqttMaxPacketSizeGets0x95AndAFrameOverHttpMaxRequestBytesGets1009() throws Exception {
        RawMqttWebSocket v5 = raw();
        v5.send(RawMqttWebSocket.connect(5, "big-5"));
        assertThat(v5.read().reasonCode()).isZero();
        v5.send(RawMqttWebSocket.publishQos0(5, "ws-big/x", new byte[MAX_PACKET_SIZE + 1]));
        RawMqttWebSocket.Packet disconnect = v5.read();
        assertThat(disconnect.type()).isEqualTo(RawMqttWebSocket.DISCONNECT);
        assertThat(disconnect.reasonCode()).as("0x95 Packet too large").isEqualTo(0x95);
        v5.awaitClosed();

        RawMqttWebSocket huge = raw();
        huge.send(RawMqttWebSocket.connect(4, "huge-311"));
        assertThat(huge.read().reasonCode()).isZero();
        huge.webSocket.sendBinary(java.nio.ByteBuffer.wrap(new byte[MAX_REQUEST_BYTES + 1]), true);
        assertThat(huge.awaitClosed()).as("1009 Message too big, from Netty's frame decoder").isEqualTo(1009);
    }

    @Test
    void webSocketConnectionsCountAgainstMqttMaxConnections() throws Exception {
        paho3(freshet.mqttUri(), "tcp-1", new MqttConnectOptions());
        paho3(freshet.mqttUri(), "tcp-2", new MqttConnectOptions());
        paho5(wsUri(), "ws-1", new MqttConnectionOptions());
        Paho5 ws2 = paho5(wsUri(), "ws-2", new MqttConnectionOptions());

        assertThatThrownBy(() -> paho5(wsUri(), "ws-over", new MqttConnectionOptions()))
            .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                e -> assertThat(e.getReasonCode()).as("0x97 Quota exceeded").isEqualTo(0x97));
        assertThatThrownBy(() -> paho3(freshet.mqttUri(), "tcp-over", new MqttConnectOptions()))
            .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                .as("3.1.1 0x03 Server unavailable").isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE));

        ws2.client.disconnect().waitForCompletion(10_000);
        Awaitility.await("a place freed by a WebSocket connection").atMost(Duration.ofSeconds(10))
            .until(() -> tryConnect(freshet.mqttUri(), "tcp-late"));
    }

    @Test
    @FreshetOnly("restarts the embedded broker, whose MQTT listener ends the sessions; the gateway's shutdown is not tested here")
    void aStoppingServerEndsWebSocketSessionsWithDisconnect0x8BKeepsThemAndPublishesNoWill() throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setWill("ws-wills/device-1", new org.eclipse.paho.mqttv5.common.MqttMessage(
            "gone".getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
        Paho5 device = paho5(wsUri(), "device-1", options);
        device.subscribe("ws-commands/#", 1);

        freshet.broker().restart();

        assertThat(device.disconnected.get(10, TimeUnit.SECONDS).getReturnCode())
            .as("0x8B Server shutting down").isEqualTo(0x8B);
        try (Admin admin = KafkaClients.admin(freshet.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).as("no will published")
                .doesNotContain("ws-wills");
        }
        Paho5 again = paho5(wsUri(), "device-1", options);
        assertThat(again.connectToken.getSessionPresent()).as("the session was kept").isTrue();
    }

    private boolean tryConnect(String uri, String clientId) {
        try {
            paho3(uri, clientId, new MqttConnectOptions());
            return true;
        } catch (MqttException refused) {
            return false;
        }
    }

    private RawMqttWebSocket raw() {
        RawMqttWebSocket raw = new RawMqttWebSocket(wsUri());
        toClose.add(raw);
        return raw;
    }

    private Paho5 paho5(String uri, String clientId, MqttConnectionOptions options) throws Exception {
        Paho5 paho = new Paho5(uri, clientId);
        toClose.add(paho);
        paho.connectToken = paho.client.connect(options);
        paho.connectToken.waitForCompletion(10_000);
        return paho;
    }

    private Paho3 paho3(String uri, String clientId, MqttConnectOptions options) throws MqttException {
        Paho3 paho = new Paho3(uri, clientId);
        toClose.add(paho);
        paho.client.connect(options).waitForCompletion(10_000);
        return paho;
    }

    /** Eclipse Paho's MQTT 5 client, its payloads received (as strings) and how it was disconnected. */
    private static final class Paho5 implements AutoCloseable, org.eclipse.paho.mqttv5.client.MqttCallback {
        final org.eclipse.paho.mqttv5.client.MqttAsyncClient client;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
        IMqttToken connectToken;

        Paho5(String uri, String clientId) throws org.eclipse.paho.mqttv5.common.MqttException {
            client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(uri, clientId,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.setCallback(this);
        }

        void subscribe(String filter, int qos) throws org.eclipse.paho.mqttv5.common.MqttException {
            client.subscribe(new MqttSubscription(filter, qos)).waitForCompletion(10_000);
        }

        List<String> take(int count) throws InterruptedException {
            return Paho3.take(received, count);
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close();
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnected.complete(response);
        }

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** Eclipse Paho's MQTT 3.1.1 client and its payloads received (as strings). */
    private static final class Paho3 implements AutoCloseable, MqttCallback {
        final org.eclipse.paho.client.mqttv3.MqttAsyncClient client;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Paho3(String uri, String clientId) throws MqttException {
            client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(uri, clientId, new MemoryPersistence());
            client.setCallback(this);
        }

        List<String> take(int count) throws InterruptedException {
            return take(received, count);
        }

        static List<String> take(BlockingQueue<String> queue, int count) throws InterruptedException {
            List<String> taken = new ArrayList<>();
            while (taken.size() < count) {
                String next = queue.poll(10, TimeUnit.SECONDS);
                if (next == null) {
                    break;
                }
                taken.add(next);
            }
            return taken;
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close();
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
