package io.freshet.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An Eclipse Paho MQTT 5 async client that try-with-resources closes (Paho's clients are not AutoCloseable), with
 * the PUBLISHes it receives in a queue.
 */
final class Paho5 implements AutoCloseable, MqttCallback {

    private static final long WAIT_MS = 10_000;

    final MqttAsyncClient client;
    /** The PUBLISHes this client received, in order. */
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    IMqttToken connectToken;

    record Received(String topic, MqttMessage message) {
    }

    private Paho5(MqttAsyncClient client) {
        this.client = client;
    }

    static Paho5 connect(String uri, String clientId, MqttConnectionOptions options) throws MqttException {
        Paho5 paho = new Paho5(new MqttAsyncClient(uri, clientId, new MemoryPersistence()));
        paho.client.setCallback(paho);
        paho.connectToken = paho.client.connect(options);
        paho.connectToken.waitForCompletion(WAIT_MS);
        return paho;
    }

    static Paho5 connect(String uri, String clientId) throws MqttException {
        return connect(uri, clientId, new MqttConnectionOptions());
    }

    /** Subscribes {@code filter} at {@code qos}; returns the granted QoS (or the reason code). */
    int subscribe(String filter, int qos) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription(filter, qos));
        token.waitForCompletion(WAIT_MS);
        return token.getReasonCodes()[0];
    }

    /** The next PUBLISH received, waiting up to 10 s; null if none came. */
    Received next() throws InterruptedException {
        return received.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    boolean sessionPresent() {
        return connectToken.getSessionPresent();
    }

    void disconnect() throws MqttException {
        client.disconnect().waitForCompletion(WAIT_MS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(0, 1000, false);
        }
        client.close();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
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
