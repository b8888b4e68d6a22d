package io.freshet.bench.mqtt;

/** What a number of the MQTT benchmark measures, its unit, and which direction is better for the broker. */
enum MqttMetric {
    MESSAGES_PER_S("messages/s", true),
    UNDELIVERED("not delivered to the subscriber after the drain", false),
    STALLED_S("seconds without progress", false),
    BROKER_CPU_PER_M("broker CPU s / 1M messages", false),
    CLIENT_CPU_PER_M("load client CPU s / 1M messages (same client: shows who had the cores)", false),
    P50_MS("p50 ms", false),
    P99_MS("p99 ms", false),
    P999_MS("p99.9 ms", false),
    MAX_MS("max ms", false),
    ACHIEVED_RATE("achieved rate, messages/s", true),
    MISSING("measured messages not received", false),
    RSS_BEFORE_MIB("RSS before, MiB", false),
    RSS_AFTER_MIB("RSS with the clients, MiB", false),
    KIB_PER_CONNECTION("KiB RSS per connection", false),
    CONNECTS_PER_S("connections/s (CONNECT to CONNACK, 200 at a time)", true),
    STARTUP_S("launch to first CONNACK, s", false);

    private final String label;
    private final boolean higherIsBetter;

    MqttMetric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    String label() {
        return label;
    }

    boolean higherIsBetter() {
        return higherIsBetter;
    }
}
