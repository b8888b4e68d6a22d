package io.freshet.broker.deadletter;

import java.util.Map;

/**
 * The broker's dead-letter settings, under Kafka 4.4's names.
 *
 * @param topicNamePrefix         {@value #TOPIC_NAME_PREFIX}: a group's dead-letter topic must start with it
 *                                (default {@value #DEFAULT_TOPIC_NAME_PREFIX}; empty: any name)
 * @param autoCreateTopicsEnable  {@value #AUTO_CREATE_TOPICS_ENABLE}: create a missing dead-letter topic on the first
 *                                dead letter (default false), with the broker's partition count and
 *                                {@code errors.deadletterqueue.group.enable=true}
 */
public record DeadLetterConfig(String topicNamePrefix, boolean autoCreateTopicsEnable) {

    public static final String TOPIC_NAME_PREFIX = "errors.deadletterqueue.topic.name.prefix";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "errors.deadletterqueue.auto.create.topics.enable";
    public static final String DEFAULT_TOPIC_NAME_PREFIX = "dlq.";

    public DeadLetterConfig {
        if (topicNamePrefix == null) {
            throw new IllegalArgumentException(TOPIC_NAME_PREFIX + ": must not be null");
        }
    }

    /** Kafka 4.4's defaults: prefix {@code dlq.}, no auto-creation. */
    public static DeadLetterConfig defaults() {
        return new DeadLetterConfig(DEFAULT_TOPIC_NAME_PREFIX, false);
    }

    /**
     * Reads the two keys from broker properties; absent keys take Kafka's defaults.
     *
     * @throws IllegalArgumentException naming the key when a value is malformed
     */
    public static DeadLetterConfig fromProperties(Map<String, String> props) {
        String prefix = props.getOrDefault(TOPIC_NAME_PREFIX, DEFAULT_TOPIC_NAME_PREFIX);
        if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]{1,248}")) {
            throw new IllegalArgumentException(TOPIC_NAME_PREFIX + ": '" + prefix + "' cannot start a topic name "
                + "(letters, digits, '.', '_' and '-' only)");
        }
        String autoCreate = props.getOrDefault(AUTO_CREATE_TOPICS_ENABLE, "false");
        if (!autoCreate.equalsIgnoreCase("true") && !autoCreate.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(AUTO_CREATE_TOPICS_ENABLE + ": expected true or false, got '"
                + autoCreate + "'");
        }
        return new DeadLetterConfig(prefix, Boolean.parseBoolean(autoCreate));
    }
}
