package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.StateKey;
import org.apache.kafka.common.TopicPartition;

/**
 * A share partition's state in {@code __share_group_state-0}; the value is a {@link ShareSnapshot}. JSON type
 * "share-partition" (on-disk format: never change it).
 *
 * @param topicId the topic's id as a string; null when the state was created by AlterShareGroupOffsets before any
 *                fetch told the id
 */
record SharePartitionKey(String group, String topicId, String topic, int partition) implements StateKey {

    static SharePartitionKey of(ShareKey key) {
        return new SharePartitionKey(key.groupId(), key.topicId().toString(), key.partition().topic(),
            key.partition().partition());
    }

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
