package io.freshet.bench.rebalance;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The two consumer-group protocols and the client settings each gets. What is not set here is the client's
 * default (kafka-clients 4.4): for {@code classic} the assignor list [range, cooperative-sticky] (so range, eager),
 * heartbeat.interval.ms 3000; for {@code consumer} the broker decides the session, heartbeat and assignor.
 */
public enum Protocol {
    CLASSIC("classic"),
    CONSUMER("consumer");

    /** The classic session timeout the harness asks for: the die case's classic time is bounded by it. */
    public static final int CLASSIC_SESSION_TIMEOUT_MS = 10_000;
    public static final String SETTINGS = "enable.auto.commit=false, auto.offset.reset at its default (latest),"
        + " empty topics; classic: group.protocol=classic, session.timeout.ms=" + CLASSIC_SESSION_TIMEOUT_MS
        + ", the default assignor list (range first, eager) and heartbeat.interval.ms (3000);"
        + " consumer: group.protocol=consumer, everything else from the broker (server-side assignor,"
        + " group.consumer.heartbeat.interval.ms 5000, group.consumer.session.timeout.ms 45000)";

    private final String label;

    Protocol(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Protocol of(String label) {
        for (Protocol p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown group protocol " + label + " (classic or consumer)");
    }

    public Map<String, Object> consumerConfig(String bootstrap, String groupId, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, label);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        if (this == CLASSIC) {
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, CLASSIC_SESSION_TIMEOUT_MS);
        }
        return config;
    }
}
