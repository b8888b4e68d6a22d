package io.freshet.http.console;

import java.util.List;
import java.util.Optional;

/**
 * The MQTT listener's clients as the web console lists them; handed in by whoever runs the MQTT listener (this
 * module never sees it). Returns a snapshot; it may wait a moment for the listener's threads, so the console calls
 * it on a thread of its own, never on an event loop.
 */
public interface MqttClients {

    /** The sessions the MQTT listener holds now, connected or kept for a client that is away. */
    List<MqttClientView> list();

    /** The MQTT listener's {@code host:port}, for the console's cluster view; empty when unknown. */
    default Optional<String> listenerAddress() {
        return Optional.empty();
    }

    /**
     * One MQTT session.
     *
     * @param clientId      the client identifier
     * @param connected     whether a connection holds it now (else: a persistent session waiting for its client)
     * @param protocol      "3.1.1" or "5", of the current or last connection
     * @param remoteAddress {@code host:port} of the connection; empty when not connected
     * @param subscriptions the topic filters it is subscribed to, with their QoS ({@code sensors/+/temp@1})
     */
    record MqttClientView(String clientId, boolean connected, String protocol, String remoteAddress,
                          List<String> subscriptions) {
        public MqttClientView {
            subscriptions = List.copyOf(subscriptions);
        }
    }
}
