package io.freshet.broker.deadletter;

import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.metadata.TopicsImage;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;

import java.util.Optional;

/**
 * Whether a share group's dead letters may be written, Kafka 4.4's rules in Kafka's order and with Kafka's words
 * (docs/dead-letters-kafka-4.4.md). Setting the group config checks only the {@code __} prefix
 * ({@link #checkGroupTopicName}); everything else is checked at each dead letter, so a topic created or enabled
 * later starts receiving them without touching the group.
 */
public final class DeadLetterRules {

    /** Group config: the dead-letter topic's name; empty (the default): none. */
    public static final String GROUP_TOPIC_NAME = "errors.deadletterqueue.topic.name";
    /** Group config: copy key and value (true) or write headers only (false, the default). */
    public static final String GROUP_COPY_RECORD_ENABLE = "errors.deadletterqueue.copy.record.enable";
    /** Topic config: the topic accepts share groups' dead letters (default false). */
    public static final String TOPIC_GROUP_ENABLE = TopicConfig.ERRORS_DEADLETTERQUEUE_GROUP_ENABLE_CONFIG;

    private DeadLetterRules() {
    }

    /**
     * The check Kafka 4.4 makes when {@value #GROUP_TOPIC_NAME} is set on a group (IncrementalAlterConfigs):
     * only that the name does not start with {@code __}. A missing topic or a name without the prefix is accepted.
     *
     * @throws InvalidConfigurationException (INVALID_CONFIG) with Kafka's message
     */
    public static void checkGroupTopicName(String name) {
        if (name != null && name.startsWith("__")) {
            throw new InvalidConfigurationException(GROUP_TOPIC_NAME + ": DLQ topic name must not start with '__'");
        }
    }

    /** What to do with a group's dead letters now. */
    public sealed interface Decision {
        /** Write to this existing topic. */
        record Write(TopicMetadata topic) implements Decision {
        }

        /** The topic is missing and auto-creation is on: create it, then decide again. */
        record Create(String topicName) implements Decision {
        }

        /** Nothing is written; {@code reason} is Kafka's message. */
        record Refuse(String reason) implements Decision {
        }
    }

    /** Kafka's checks, in Kafka's order: name, "__", topic flag, existence, prefix. */
    public static Decision decide(String groupId, String topicName, TopicsImage topics, DeadLetterConfig config) {
        if (topicName == null || topicName.isEmpty()) {
            return new Decision.Refuse("Configured DLQ topic name in share group: " + groupId + " is empty.");
        }
        if (topicName.startsWith("__")) {
            return new Decision.Refuse("Configured DLQ topic name in share group: " + groupId
                + " cannot start with __, topic: " + topicName + ".");
        }
        Optional<TopicMetadata> topic = topics.topic(topicName);
        if (topic.isPresent() && !topic.get().config().deadLetterGroupEnable()) {
            return new Decision.Refuse("DLQ is not enabled on configured DLQ topic for share group: " + groupId
                + ", topic: " + topicName + ".");
        }
        if (topic.isEmpty() && !config.autoCreateTopicsEnable()) {
            return new Decision.Refuse("DLQ topic does not exist and auto create is disabled on cluster for share "
                + "group: " + groupId + ", topic: " + topicName + ".");
        }
        String prefix = config.topicNamePrefix();
        if (!prefix.isEmpty() && !topicName.startsWith(prefix)) {
            return new Decision.Refuse("Configured DLQ topic name does not comply with the DLQ topic prefix in share "
                + "group: " + groupId + ", topic: " + topicName + ", prefix: " + prefix + ".");
        }
        return topic.<Decision>map(Decision.Write::new).orElseGet(() -> new Decision.Create(topicName));
    }
}
