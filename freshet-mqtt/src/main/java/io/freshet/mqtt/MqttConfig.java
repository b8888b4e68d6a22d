package io.freshet.mqtt;

import io.freshet.gateway.GatewaySettings;

import java.util.List;
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
 * @param listeners             every listener of {@code mqtt.listeners} ({@code MQTT://h:p}, {@code MQTTS://h:p}:
 *                              TLS); {@code host} and {@code port} are the first one's (port -1: none at all)
 * @param allowAnonymous        {@code mqtt.allow.anonymous}: a CONNECT without user name (and without a client
 *                              certificate) is {@code User:ANONYMOUS}; false: refused with 0x87 / 3.1.1 return code 5
 */
public record MqttConfig(String host, int port, int maxPacketSize, int maxConnections, int receiveMaximum,
                         int maxInflightOut, int topicAliasMaximum, long maxSessionExpirySeconds,
                         String mappingRules, List<GatewaySettings.NamedListener> listeners,
                         boolean allowAnonymous) {

    public MqttConfig {
        listeners = List.copyOf(listeners);
    }

    /** One plain listener on {@code host:port}, anonymous clients allowed. */
    public MqttConfig(String host, int port, int maxPacketSize, int maxConnections, int receiveMaximum,
                      int maxInflightOut, int topicAliasMaximum, long maxSessionExpirySeconds, String mappingRules) {
        this(host, port, maxPacketSize, maxConnections, receiveMaximum, maxInflightOut, topicAliasMaximum,
            maxSessionExpirySeconds, mappingRules, plain(host, port), true);
    }

    public static final String LISTENERS = "mqtt.listeners";
    public static final String MAX_PACKET_SIZE = "mqtt.max.packet.size";
    public static final String MAX_CONNECTIONS = "mqtt.max.connections";
    public static final String RECEIVE_MAXIMUM = "mqtt.receive.maximum";
    public static final String MAX_INFLIGHT_MESSAGES = "mqtt.max.inflight.messages";
    public static final String TOPIC_ALIAS_MAXIMUM = "mqtt.topic.alias.maximum";
    public static final String SESSION_EXPIRY_MAX_SECONDS = "mqtt.session.expiry.max.seconds";
    public static final String TOPIC_MAPPING = "mqtt.topic.mapping";
    public static final String ALLOW_ANONYMOUS = "mqtt.allow.anonymous";
    /** The plain listener's scheme (and listener name). */
    public static final String PLAIN = "MQTT";
    /** The TLS listener's scheme; its TLS keys are {@code listener.name.mqtts.ssl.*} over {@code ssl.*}. */
    public static final String TLS = "MQTTS";

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

    /** With the first listener on {@code newPort} (-1: no listener at all). */
    public MqttConfig withPort(int newPort) {
        List<GatewaySettings.NamedListener> moved = GatewaySettings.withFirstPort(listeners, PLAIN, host, newPort);
        return new MqttConfig(host, newPort, maxPacketSize, maxConnections, receiveMaximum, maxInflightOut,
            topicAliasMaximum, maxSessionExpirySeconds, mappingRules, moved, allowAnonymous);
    }

    private static List<GatewaySettings.NamedListener> plain(String host, int port) {
        return port < 0 ? List.of() : List.of(new GatewaySettings.NamedListener(PLAIN, host, port, false));
    }

    /**
     * Reads the {@code mqtt.*} keys of {@code props} (others are ignored), with {@link #defaults()} for those not
     * given.
     */
    public static MqttConfig fromProperties(Map<String, String> props) {
        MqttConfig d = defaults();
        List<GatewaySettings.NamedListener> listeners = GatewaySettings.listeners(props, LISTENERS, PLAIN, TLS,
            new GatewaySettings.Listener(d.host(), d.port()));
        String host = listeners.isEmpty() ? d.host() : listeners.get(0).host();
        int port = listeners.isEmpty() ? -1 : listeners.get(0).port();
        return new MqttConfig(host, port,
            GatewaySettings.intValue(props, MAX_PACKET_SIZE, 16, 268_435_455, d.maxPacketSize()),
            GatewaySettings.intValue(props, MAX_CONNECTIONS, 1, Integer.MAX_VALUE, d.maxConnections()),
            GatewaySettings.intValue(props, RECEIVE_MAXIMUM, 1, 65535, d.receiveMaximum()),
            GatewaySettings.intValue(props, MAX_INFLIGHT_MESSAGES, 1, 65535, d.maxInflightOut()),
            GatewaySettings.intValue(props, TOPIC_ALIAS_MAXIMUM, 0, 65535, d.topicAliasMaximum()),
            GatewaySettings.longValue(props, SESSION_EXPIRY_MAX_SECONDS, 0, 0xFFFF_FFFFL, d.maxSessionExpirySeconds()),
            GatewaySettings.string(props, TOPIC_MAPPING, d.mappingRules()), listeners,
            booleanValue(props, ALLOW_ANONYMOUS, true));
    }

    private static boolean booleanValue(Map<String, String> props, String key, boolean fallback) {
        String value = GatewaySettings.string(props, key, Boolean.toString(fallback));
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
