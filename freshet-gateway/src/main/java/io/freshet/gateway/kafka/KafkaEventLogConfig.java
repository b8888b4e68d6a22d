package io.freshet.gateway.kafka;

import io.freshet.gateway.GatewaySettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link KafkaEventLog} reaches its cluster and how often it looks at it. Immutable; validated when built.
 *
 * @param bootstrapServers  {@code HOST:PORT[,HOST:PORT...]} of the cluster
 * @param clientProperties  passed to every client it makes (security: {@code security.protocol}, {@code sasl.*},
 *                          {@code ssl.*}); its own settings (serializers, acks, isolation) win over these
 * @param pollInterval      how often the watcher asks for every known partition's end offset
 *                          ({@value #POLL_INTERVAL_MS}): the most an append made by another client waits before
 *                          this log's listeners hear of it
 * @param metadataInterval  how often the watcher reads the topic list, partition counts, configs and start offsets
 *                          ({@value #METADATA_INTERVAL_MS})
 * @param readThreads       reader threads, each with its own read_committed consumer ({@value #READ_THREADS})
 * @param autoCreateTopics  whether an append to a missing topic creates it through the Admin client with the
 *                          cluster's default partition count ({@value #AUTO_CREATE}, Kafka's own default)
 * @param requestTimeout    the bound of each blocking client call on the log's own threads
 */
public record KafkaEventLogConfig(String bootstrapServers, Map<String, Object> clientProperties,
                                  Duration pollInterval, Duration metadataInterval, int readThreads,
                                  boolean autoCreateTopics, Duration requestTimeout) {

    public static final String POLL_INTERVAL_MS = "gateway.poll.interval.ms";
    public static final String METADATA_INTERVAL_MS = "gateway.metadata.interval.ms";
    public static final String READ_THREADS = "gateway.read.threads";
    public static final String AUTO_CREATE = "auto.create.topics.enable";
    /** Client properties for the cluster: {@code kafka.security.protocol=SASL_SSL} is the clients' security.protocol. */
    public static final String CLIENT_PREFIX = "kafka.";

    static final long DEFAULT_POLL_INTERVAL_MS = 50;
    static final long DEFAULT_METADATA_INTERVAL_MS = 1000;

    public KafkaEventLogConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers: a HOST:PORT list is required");
        }
        clientProperties = Map.copyOf(clientProperties);
        if (readThreads < 1) {
            throw new IllegalArgumentException(READ_THREADS + ": at least 1, not " + readThreads);
        }
    }

    /** The defaults, over {@code bootstrapServers} and no security. */
    public static KafkaEventLogConfig of(String bootstrapServers) {
        return fromProperties(bootstrapServers, Map.of());
    }

    /**
     * Reads the {@code gateway.*} keys, {@code auto.create.topics.enable} and the client keys (those starting with
     * {@value #CLIENT_PREFIX}, the prefix removed) of {@code props}.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static KafkaEventLogConfig fromProperties(String bootstrapServers, Map<String, String> props) {
        Map<String, Object> client = new LinkedHashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(CLIENT_PREFIX) && key.length() > CLIENT_PREFIX.length()) {
                client.put(key.substring(CLIENT_PREFIX.length()), value);
            }
        });
        String autoCreate = GatewaySettings.string(props, AUTO_CREATE, "true").trim();
        if (!autoCreate.equals("true") && !autoCreate.equals("false")) {
            throw new IllegalArgumentException(AUTO_CREATE + ": true or false, not '" + autoCreate + "'");
        }
        return new KafkaEventLogConfig(bootstrapServers, client,
            Duration.ofMillis(GatewaySettings.longValue(props, POLL_INTERVAL_MS, 1, 60_000, DEFAULT_POLL_INTERVAL_MS)),
            Duration.ofMillis(GatewaySettings.longValue(props, METADATA_INTERVAL_MS, 10, 600_000,
                DEFAULT_METADATA_INTERVAL_MS)),
            GatewaySettings.intValue(props, READ_THREADS, 1, 64, 2),
            Boolean.parseBoolean(autoCreate), Duration.ofSeconds(30));
    }

    /** As this, with another poll interval (tests). */
    public KafkaEventLogConfig withPollInterval(Duration interval) {
        return new KafkaEventLogConfig(bootstrapServers, clientProperties, interval, metadataInterval, readThreads,
            autoCreateTopics, requestTimeout);
    }
}
