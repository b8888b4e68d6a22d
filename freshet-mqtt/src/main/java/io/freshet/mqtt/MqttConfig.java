package io.freshet.mqtt;

import java.util.Map;

/**
 * The MQTT listener's settings, read from the broker's properties ({@code mqtt.*} keys). Validated once at start-up:
 * a bad value throws {@link IllegalArgumentException} naming the key (the server turns it into exit code 2).
 *
 * @param host                  the address to bind ({@code mqtt.listeners=MQTT://HOST:PORT})
 * @param port                  1883 by default; 0 a free port; -1 no MQTT listener
 * @param maxPacketSize         largest packet accepted, checked from the fixed header before buffering (and the
 *                              Maximum Packet Size announced to MQTT 5 clients)
 * @param maxConnections        open MQTT connections at most; one more is refused (CONNACK 0x97 Quota exceeded /
 *                              3.1.1: 0x03 Server unavailable)
 * @param receiveMaximum        inbound QoS 1/2 PUBLISHes a client may have unacknowledged (announced to MQTT 5 clients;
 *                              one more is a protocol error 0x93)
 * @param maxInflightOut        outbound QoS 1/2 PUBLISHes unacknowledged per session, at most (further capped by the
 *                              client's Receive Maximum)
 * @param topicAliasMaximum     topic aliases a client may use towards the broker (MQTT 5), 0 for none
 * @param maxSessionExpirySeconds the longest a disconnected session is kept; also the expiry of 3.1.1 persistent
 *                              sessions
 * @param mappingRules          the {@code mqtt.topic.mapping} rules, as written (parsed by the mapping layer);
 *                              empty for the default rule only
 */
public record MqttConfig(String host, int port, int maxPacketSize, int maxConnections, int receiveMaximum,
                         int maxInflightOut, int topicAliasMaximum, long maxSessionExpirySeconds,
                         String mappingRules) {

    public static final String LISTENERS = "mqtt.listeners";
    public static final String MAX_PACKET_SIZE = "mqtt.max.packet.size";
    public static final String MAX_CONNECTIONS = "mqtt.max.connections";
    public static final String RECEIVE_MAXIMUM = "mqtt.receive.maximum";
    public static final String MAX_INFLIGHT_MESSAGES = "mqtt.max.inflight.messages";
    public static final String TOPIC_ALIAS_MAXIMUM = "mqtt.topic.alias.maximum";
    public static final String SESSION_EXPIRY_MAX_SECONDS = "mqtt.session.expiry.max.seconds";
    public static final String TOPIC_MAPPING = "mqtt.topic.mapping";

    public static final int DEFAULT_PORT = 1883;

    /** The compacted topic holding sessions: subscriptions, positions, QoS 2 state. */
    public static final String SESSIONS_TOPIC = "__mqtt_sessions";
    /** The compacted topic holding retained messages, keyed by MQTT topic. */
    public static final String RETAINED_TOPIC = "__mqtt_retained";

    public static MqttConfig defaults() {
        return new MqttConfig("127.0.0.1", DEFAULT_PORT, 1024 * 1024, 100_000, 128, 128, 64, 7 * 24 * 3600L, "");
    }

    public boolean enabled() {
        return port >= 0;
    }

    public MqttConfig withPort(int newPort) {
        return new MqttConfig(host, newPort, maxPacketSize, maxConnections, receiveMaximum, maxInflightOut,
            topicAliasMaximum, maxSessionExpirySeconds, mappingRules);
    }

    /**
     * Reads the {@code mqtt.*} keys of {@code props} (others are ignored), with {@link #defaults()} for those not
     * given.
     */
    public static MqttConfig fromProperties(Map<String, String> props) {
        MqttConfig d = defaults();
        String host = d.host();
        int port = d.port();
        String listeners = trimmed(props.get(LISTENERS));
        if (listeners != null && !listeners.isEmpty()) {
            String prefix = "MQTT://";
            if (!listeners.regionMatches(true, 0, prefix, 0, prefix.length()) || listeners.contains(",")) {
                throw new IllegalArgumentException(LISTENERS + ": expected MQTT://host:port, got '" + listeners + "'");
            }
            String address = listeners.substring(prefix.length());
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(LISTENERS + ": expected MQTT://host:port, got '" + listeners + "'");
            }
            host = address.substring(0, colon);
            if (host.isEmpty()) {
                host = d.host();
            }
            port = intValue(props, LISTENERS, address.substring(colon + 1), -1, 65535);
        }
        return new MqttConfig(host, port,
            intValue(props, MAX_PACKET_SIZE, 16, 268_435_455, d.maxPacketSize()),
            intValue(props, MAX_CONNECTIONS, 1, Integer.MAX_VALUE, d.maxConnections()),
            intValue(props, RECEIVE_MAXIMUM, 1, 65535, d.receiveMaximum()),
            intValue(props, MAX_INFLIGHT_MESSAGES, 1, 65535, d.maxInflightOut()),
            intValue(props, TOPIC_ALIAS_MAXIMUM, 0, 65535, d.topicAliasMaximum()),
            longValue(props, SESSION_EXPIRY_MAX_SECONDS, 0, 0xFFFF_FFFFL, d.maxSessionExpirySeconds()),
            props.getOrDefault(TOPIC_MAPPING, d.mappingRules()).trim());
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    private static int intValue(Map<String, String> props, String key, int min, int max, int fallback) {
        String value = trimmed(props.get(key));
        return value == null ? fallback : intValue(props, key, value, min, max);
    }

    private static int intValue(Map<String, String> props, String key, String value, int min, int max) {
        return (int) longValue(key, value, min, max);
    }

    private static long longValue(Map<String, String> props, String key, long min, long max, long fallback) {
        String value = trimmed(props.get(key));
        return value == null ? fallback : longValue(key, value, min, max);
    }

    private static long longValue(String key, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + ": " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }
}
