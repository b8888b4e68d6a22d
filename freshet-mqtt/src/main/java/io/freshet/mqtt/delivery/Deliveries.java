package io.freshet.mqtt.delivery;

/** Creates or restores the delivery side of sessions. Thread-safe. */
public interface Deliveries {

    /**
     * The delivery state of {@code clientId}: restored from {@code __mqtt_sessions} if the session is persistent and
     * stored, else new. {@code persistent}: the session outlives its connection (Session Expiry > 0 / clean session
     * false), so positions and in-flight state are stored.
     */
    SessionDelivery open(String clientId, boolean persistent);

    /**
     * The subscriptions stored for a persistent session not opened yet (restored at start-up, its client not back),
     * as {@link SessionDelivery#subscriptions()} gives them; empty when none are stored.
     */
    default java.util.List<String> storedSubscriptions(String clientId) {
        return java.util.List.of();
    }
}
