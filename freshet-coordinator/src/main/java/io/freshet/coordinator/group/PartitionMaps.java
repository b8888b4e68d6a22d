package io.freshet.coordinator.group;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

/** Assigned partitions as group records persist and describe them: topic name -> sorted partition numbers. */
public final class PartitionMaps {

    private PartitionMaps() {
    }

    public static Map<String, List<Integer>> toMap(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> map = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            map.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        map.values().forEach(l -> l.sort(null));
        return map;
    }

    /** The partitions of a persisted map; none for null. */
    public static Set<TopicPartition> fromMap(Map<String, List<Integer>> map) {
        Set<TopicPartition> set = new HashSet<>();
        if (map != null) {
            map.forEach((topic, partitions) -> partitions.forEach(p -> set.add(new TopicPartition(topic, p))));
        }
        return set;
    }
}
