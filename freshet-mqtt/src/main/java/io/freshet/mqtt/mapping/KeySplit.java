package io.freshet.mqtt.mapping;

import java.util.List;

/**
 * How one Kafka topic's MQTT topics split into a fixed prefix of levels and the record key (the rest). The same split
 * serves both ways, which is what keeps them consistent: an MQTT topic published as (Kafka topic, key) comes back
 * as the same MQTT topic.
 * <ul>
 *   <li>prefix {@code [sensors]} (the default rule for Kafka topic {@code sensors}): {@code sensors/dev42/temp}
 *       &lt;-&gt; key {@code dev42/temp}; {@code sensors} &lt;-&gt; no key; {@code sensors/} &lt;-&gt; the empty key.
 *   <li>prefix {@code []} ({@code key=topic}): the key is the whole MQTT topic; a record without a key has no MQTT
 *       topic.
 * </ul>
 */
record KeySplit(List<String> prefix) {

    static final KeySplit WHOLE_TOPIC = new KeySplit(List.of());

    KeySplit {
        prefix = List.copyOf(prefix);
    }

    static KeySplit under(String kafkaTopic) {
        return new KeySplit(List.of(kafkaTopic));
    }

    /** The key of {@code mqttTopic}, which starts with the prefix's levels: the rest, or null if there is none. */
    String key(String mqttTopic) {
        if (prefix.isEmpty()) {
            return mqttTopic;
        }
        String joined = String.join("/", prefix);
        return mqttTopic.length() == joined.length() ? null : mqttTopic.substring(joined.length() + 1);
    }

    /** The MQTT topic of a record with {@code key} (null: no key), or null if there is none. */
    String mqttTopic(String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        String joined = String.join("/", prefix);
        return key == null ? joined : joined + "/" + key;
    }

    /**
     * Whether a filter with these levels matches some topic {@link #mqttTopic} gives: every level it shares with the
     * prefix matches, and it does not end before the prefix does (unless with {@code #}).
     */
    boolean mayMatch(String[] filterLevels) {
        if (prefix.isEmpty()) {
            return !filterLevels[0].startsWith("$"); // any key: any topic but the broker's own $ topics
        }
        int shared = Math.min(filterLevels.length, prefix.size());
        for (int i = 0; i < shared; i++) {
            String level = filterLevels[i];
            if (level.equals("#")) {
                return true;
            }
            if (!level.equals("+") && !level.equals(prefix.get(i))) {
                return false;
            }
        }
        return filterLevels.length >= prefix.size();
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "MQTT topic = key" : "MQTT topic = " + String.join("/", prefix) + "/key";
    }
}
