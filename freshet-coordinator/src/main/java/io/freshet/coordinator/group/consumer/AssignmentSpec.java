package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The input of an assignor.
 *
 * @param subscriptions   member id -> the existing topics it subscribes to (names and regex matches resolved)
 * @param partitionCounts every subscribed topic and its partition count
 * @param previous        member id -> its previous target assignment, for stickiness
 */
record AssignmentSpec(SortedMap<String, Set<String>> subscriptions, Map<String, Integer> partitionCounts,
                      Map<String, Set<TopicPartition>> previous) {

    AssignmentSpec {
        subscriptions = new TreeMap<>(subscriptions); // sorted by member id: ties break the same way every time
    }

    Set<TopicPartition> previous(String memberId) {
        return previous.getOrDefault(memberId, Set.of());
    }

    /** Whether the partition still exists and the member still subscribes to its topic. */
    boolean eligible(String memberId, TopicPartition tp) {
        Integer count = partitionCounts.get(tp.topic());
        return count != null && tp.partition() < count
            && subscriptions.getOrDefault(memberId, Set.of()).contains(tp.topic());
    }
}
