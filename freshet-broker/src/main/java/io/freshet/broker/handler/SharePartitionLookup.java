package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.share.SessionPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Share requests name partitions by topic id; the logs and the share state go by name. A topic id this broker does
 * not know (never created, or deleted) is UNKNOWN_TOPIC_ID, a partition past the topic's count
 * UNKNOWN_TOPIC_OR_PARTITION, as Kafka answers. Reads the current topics image; any thread.
 */
final class SharePartitionLookup {

    private final TopicController topics;

    SharePartitionLookup(TopicController topics) {
        this.topics = topics;
    }

    /** @throws UnknownTopicIdException or UnknownTopicOrPartitionException */
    TopicPartition resolve(SessionPartition partition) {
        TopicMetadata topic = topics.image().topic(partition.topicId()).orElseThrow(() ->
            new UnknownTopicIdException("No topic with id " + partition.topicId()));
        if (!topic.hasPartition(partition.partition())) {
            throw new UnknownTopicOrPartitionException("Topic " + topic.name() + " has no partition "
                + partition.partition());
        }
        return topic.partition(partition.partition());
    }
}
