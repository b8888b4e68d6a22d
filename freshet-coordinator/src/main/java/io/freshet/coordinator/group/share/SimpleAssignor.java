package io.freshet.coordinator.group.share;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The share-group assignor, named "simple" as Kafka's. Topic by topic, between that topic's subscribers (in member id
 * order) and its partitions:
 * <ul>
 *   <li>no more subscribers than partitions: the partitions are dealt round-robin, so each partition has exactly one
 *       member and members' counts differ by at most one;</li>
 *   <li>more subscribers than partitions: each subscriber gets one partition, dealt round-robin over the partitions,
 *       so every member has work and each partition is shared by {@code floor} or {@code ceil(members/partitions)}
 *       members. Sharing is safe: records are locked one by one by the share coordinator, not by partition.</li>
 * </ul>
 * The deal starts at an offset taken from the topic's name, so that with several topics the first members are not
 * always the busiest. Deterministic, so an unchanged group gets the same assignment. Not sticky: a share group
 * moves partitions without revocation, so stickiness buys nothing.
 */
final class SimpleAssignor {

    static final String NAME = "simple";

    private SimpleAssignor() {
    }

    /**
     * @param subscriptions   member id -> the existing topics it subscribes to (sorted by member id)
     * @param partitionCounts topic -> partition count
     * @return member id -> its partitions (every member present, possibly with none)
     */
    static Map<String, Set<TopicPartition>> assign(SortedMap<String, Set<String>> subscriptions,
                                                   Map<String, Integer> partitionCounts) {
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        subscriptions.keySet().forEach(m -> result.put(m, new HashSet<>()));
        partitionCounts.forEach((topic, partitions) -> {
            List<String> subscribers = new ArrayList<>();
            subscriptions.forEach((member, topics) -> {
                if (topics.contains(topic)) {
                    subscribers.add(member);
                }
            });
            if (subscribers.isEmpty() || partitions <= 0) {
                return;
            }
            int start = Math.floorMod(topic.hashCode(), Math.max(subscribers.size(), partitions));
            if (subscribers.size() <= partitions) {
                for (int p = 0; p < partitions; p++) {
                    String member = subscribers.get((p + start) % subscribers.size());
                    result.get(member).add(new TopicPartition(topic, p));
                }
            } else {
                for (int i = 0; i < subscribers.size(); i++) {
                    result.get(subscribers.get(i)).add(new TopicPartition(topic, (i + start) % partitions));
                }
            }
        });
        return result;
    }
}
