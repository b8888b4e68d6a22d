package io.freshet.broker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Read-only broker keys that the running process reports about itself in DescribeConfigs (BROKER resource), over
 * what was configured: the addresses its listeners are actually bound to (port 0 picks one) and the release
 * ({@value #VERSION}). A client such as {@code freshet cluster info} reads them as it reads any broker config, so
 * it needs nothing Freshet-specific in the protocol; against Kafka the keys are simply absent.
 *
 * <p>Written by whoever starts a listener (the broker itself, then the server for MQTT and HTTP), read by the event
 * loops answering DescribeConfigs: a concurrent map, each key written once or rarely.
 */
public final class ReportedConfigs {

    /** The Freshet release, e.g. {@code 0.1.0}. */
    public static final String VERSION = "freshet.version";
    /** The MQTT listener as {@code mqtt.listeners} writes it, with its bound port; {@code -1} when off. */
    public static final String MQTT_LISTENERS = "mqtt.listeners";
    /** The HTTP listener as {@code http.listeners} writes it, with its bound port; {@code -1} when off. */
    public static final String HTTP_LISTENERS = "http.listeners";

    private final Map<String, String> values = new ConcurrentSkipListMap<>();

    public void report(String key, String value) {
        values.put(key, value);
    }

    /** A snapshot, sorted by key. */
    public Map<String, String> values() {
        return new TreeMap<>(values);
    }
}
