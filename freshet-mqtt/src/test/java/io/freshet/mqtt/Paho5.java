package io.freshet.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** An Eclipse Paho MQTT 5 async client that try-with-resources closes (Paho's clients are not AutoCloseable). */
final class Paho5 implements AutoCloseable {

    private static final long WAIT_MS = 10_000;

    final MqttAsyncClient client;
    final IMqttToken connectToken;

    private Paho5(MqttAsyncClient client, IMqttToken connectToken) {
        this.client = client;
        this.connectToken = connectToken;
    }

    static Paho5 connect(String uri, String clientId, MqttConnectionOptions options) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        IMqttToken token = client.connect(options);
        token.waitForCompletion(WAIT_MS);
        return new Paho5(client, token);
    }

    static Paho5 connect(String uri, String clientId) throws MqttException {
        return connect(uri, clientId, new MqttConnectionOptions());
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
}
