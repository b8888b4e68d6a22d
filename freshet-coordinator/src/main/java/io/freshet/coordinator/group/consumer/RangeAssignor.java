package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "range": for each topic, its subscribers sorted by member id take contiguous ranges of partitions, the first
 * {@code partitions % subscribers} one more. Members subscribed to co-partitioned topics get the same partition
 * numbers of each (what joins of two topics need). Not sticky: a member joining shifts the ranges.
 */
final class RangeAssignor implements PartitionAssignor {

    static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Set<TopicPartition>> assign(AssignmentSpec spec) {
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        spec.subscriptions().keySet().forEach(m -> result.put(m, new HashSet<>()));
        spec.partitionCounts().forEach((topic, count) -> {
            List<String> subscribers = new ArrayList<>();
            spec.subscriptions().forEach((member, topics) -> {
                if (topics.contains(topic)) {
                    subscribers.add(member); // already sorted: the spec's map is sorted by member id
                }
            });
            if (subscribers.isEmpty()) {
                return;
            }
            int base = count / subscribers.size();
            int extra = count % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int size = base + (i < extra ? 1 : 0);
                for (int p = next; p < next + size; p++) {
                    result.get(subscribers.get(i)).add(new TopicPartition(topic, p));
                }
                next += size;
            }
        });
        return result;
    }
}
