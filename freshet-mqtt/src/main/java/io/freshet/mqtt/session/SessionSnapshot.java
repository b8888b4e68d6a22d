package io.freshet.mqtt.session;

import java.util.List;

/**
 * One session as an operator sees it (the web console's MQTT clients view): taken on the session's owner, so its
 * fields agree with each other at that moment.
 *
 * @param clientId        the client identifier
 * @param connected       a connection is attached now; else a persistent session waits for its client
 * @param persistent      the session outlives its connection (Session Expiry above 0, or clean session false)
 * @param protocolVersion 4 (MQTT 3.1.1) or 5, of the current or last connection; 0 when not known
 * @param remoteAddress   {@code host:port} of the attached connection; "" when not connected
 * @param subscriptions   {@code FILTER@QOS}, in the order they were made
 */
public record SessionSnapshot(String clientId, boolean connected, boolean persistent, int protocolVersion,
                              String remoteAddress, List<String> subscriptions) {

    public SessionSnapshot {
        subscriptions = List.copyOf(subscriptions);
    }
}
