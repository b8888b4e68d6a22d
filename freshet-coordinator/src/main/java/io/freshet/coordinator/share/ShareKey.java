package io.freshet.coordinator.share;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/** One share partition: a share group's view of one topic partition. The topic id tells a re-created topic apart. */
public record ShareKey(String groupId, Uuid topicId, TopicPartition partition) {
}
