package io.freshet.coordinator.runtime;

import org.apache.kafka.common.Uuid;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;

/** What the coordinator needs to know of the broker's topics. Implementations are thread-safe. */
public interface TopicView {

    /** The partition count of a topic, empty when it does not exist. */
    OptionalInt partitionCount(String topic);

    /** Every topic and its partition count (regex subscriptions of KIP-848 members). */
    SortedMap<String, Integer> allTopics();

    /** The topic's id (KIP-848 heartbeats name partitions by topic id), empty when it does not exist. */
    Optional<Uuid> topicId(String topic);

    /** The name of the topic with this id, empty when no topic has it (deleted, or never existed). */
    Optional<String> topicName(Uuid topicId);
}
