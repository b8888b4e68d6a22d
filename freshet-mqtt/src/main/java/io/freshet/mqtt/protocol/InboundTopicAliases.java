package io.freshet.mqtt.protocol;

/**
 * The topic aliases an MQTT 5 client has set towards the server on this connection (alias 1..maximum -> topic name).
 * Aliases live as long as the connection. Owned by the connection's event loop.
 */
final class InboundTopicAliases {

    private final String[] topics;

    InboundTopicAliases(int maximum) {
        this.topics = new String[maximum + 1];
    }

    int maximum() {
        return topics.length - 1;
    }

    boolean isValid(int alias) {
        return alias >= 1 && alias < topics.length;
    }

    /** The topic of {@code alias}, or null if the client never set it. */
    String topic(int alias) {
        return topics[alias];
    }

    void set(int alias, String topic) {
        topics[alias] = topic;
    }
}
