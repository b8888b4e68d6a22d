package io.freshet.mqtt.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A QoS 2 PUBLISH received from a persistent session's client and not yet released by PUBREL, kept under
 * {@code qos2/CLIENT/PACKETID} in {@code __mqtt_sessions}. Written (durably) before the record is appended, so
 * after a crash the record is either in {@code partition} at or after {@code fromOffset} (carrying the headers
 * {@code mqtt.client_id} and {@code mqtt.packet_id}), or it was never stored and the client's resend appends it.
 *
 * <pre>
 *   {"v": 1, "topic": kafka topic, "partition": n, "fromOffset": the partition's end offset before the append}
 * </pre>
 */
record StoredReceipt(TopicPartition partition, long fromOffset) {

    static final String PREFIX = "qos2/";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    static String key(String clientId, int packetId) {
        return prefix(clientId) + packetId;
    }

    /** Every key of {@code clientId} starts with this (a key of client "a/b" too: check {@link #packetId}). */
    static String prefix(String clientId) {
        return PREFIX + clientId + "/";
    }

    /** The packet id of {@code key} if it belongs to {@code clientId}, else -1. */
    static int packetId(String clientId, String key) {
        String prefix = prefix(clientId);
        if (!key.startsWith(prefix)) {
            return -1;
        }
        String rest = key.substring(prefix.length());
        try {
            int packetId = Integer.parseInt(rest);
            return packetId >= 1 && packetId <= 65535 ? packetId : -1;
        } catch (NumberFormatException e) {
            return -1; // another client's key, as "qos2/a/b/7" is under "qos2/a/"
        }
    }

    /** The client id of a {@code qos2/CLIENT/PACKETID} key, or null if the key is not one. */
    static String clientIdOf(String key) {
        int lastSlash = key.lastIndexOf('/');
        if (!key.startsWith(PREFIX) || lastSlash <= PREFIX.length()) {
            return null;
        }
        return key.substring(PREFIX.length(), lastSlash);
    }

    byte[] toBytes() {
        ObjectNode node = JSON.createObjectNode()
            .put("v", FORMAT)
            .put("topic", partition.topic())
            .put("partition", partition.partition())
            .put("fromOffset", fromOffset);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not a receipt of a format this version reads */
    static StoredReceipt fromBytes(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.path("v").asInt() != FORMAT || !node.hasNonNull("topic")) {
                throw new IllegalArgumentException("unknown QoS 2 receipt format: " + node);
            }
            return new StoredReceipt(new TopicPartition(node.get("topic").asText(), node.path("partition").asInt()),
                node.path("fromOffset").asLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable QoS 2 receipt: " + e.getMessage(), e);
        }
    }
}
