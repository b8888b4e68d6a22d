package io.freshet.mqtt.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A persistent session as kept in {@code __mqtt_sessions} under {@code session/CLIENT}: enough to know after a
 * restart that the session exists and when it expires. Subscriptions and positions are the delivery layer's
 * ({@code delivery/CLIENT}), QoS 2 receipts are {@link StoredReceipt}s.
 *
 * <pre>
 *   {"v": 1, "protocol": 4|5, "expiry": seconds, "disconnectedAt": epoch ms, or -1 while connected}
 * </pre>
 * A session stored as connected was cut off by a broker crash: it counts as disconnected at the next start.
 */
record StoredSession(int protocolVersion, long expirySeconds, long disconnectedAtMs) {

    static final String PREFIX = "session/";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    static String key(String clientId) {
        return PREFIX + clientId;
    }

    byte[] toBytes() {
        ObjectNode node = JSON.createObjectNode()
            .put("v", FORMAT)
            .put("protocol", protocolVersion)
            .put("expiry", expirySeconds)
            .put("disconnectedAt", disconnectedAtMs);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not a session of a format this version reads */
    static StoredSession fromBytes(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.path("v").asInt() != FORMAT) {
                throw new IllegalArgumentException("unknown session format: " + node);
            }
            return new StoredSession(node.path("protocol").asInt(), node.path("expiry").asLong(),
                node.path("disconnectedAt").asLong(-1));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable session: " + e.getMessage(), e);
        }
    }
}
