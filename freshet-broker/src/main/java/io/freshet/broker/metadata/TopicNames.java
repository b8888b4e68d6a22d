package io.freshet.broker.metadata;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Kafka's topic name rules: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, not {@code "."} or {@code ".."}.
 * The 249 leaves room for {@code "-<partition>"} in a 255-byte directory name.
 *
 * <p>Design note: delegates to kafka-clients' {@link Topic#validate(String)} so the messages are exactly
 * Kafka's; this class exists so the broker has one place to change the rule.
 */
public final class TopicNames {

    /**
     * Partition logs the broker keeps for itself (the group, transaction and share coordinators' state). They are not
     * topics: not in the catalog, invisible to Metadata, and no client may create or write them.
     */
    private static final java.util.Set<String> INTERNAL = java.util.Set.of("__consumer_offsets", "__transaction_state",
        "__share_group_state");

    private TopicNames() {
    }

    public static boolean isInternal(String name) {
        return INTERNAL.contains(name);
    }

    /** @throws InvalidTopicException with Kafka's message when {@code name} is not a legal topic name */
    public static void validate(String name) {
        if (name == null) {
            throw new InvalidTopicException("Topic name is illegal, it can't be null");
        }
        Topic.validate(name);
        if (isInternal(name)) {
            throw new InvalidTopicException("Topic name '" + name + "' is reserved for the broker's internal use");
        }
    }

    public static boolean isValid(String name) {
        return name != null && Topic.isValid(name) && !isInternal(name);
    }

    /**
     * Kafka's metric names turn '.' into '_', so "a.b" and "a_b" would share metrics; Kafka refuses to create
     * the second one and so does Freshet.
     */
    public static boolean collides(String name, String existing) {
        return !name.equals(existing) && Topic.hasCollision(name, existing);
    }
}
