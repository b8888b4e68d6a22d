package io.freshet.bench.rebalance;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/** When a group's members together own a topic's partitions: the conditions the harness waits for. */
public final class Ownership {

    private Ownership() {
    }

    /** True if {@code owned} is exactly partitions 0..partitions-1. */
    public static boolean ownsAll(Set<Integer> owned, int partitions) {
        return owned.size() == partitions && owned.stream().allMatch(p -> p >= 0 && p < partitions);
    }

    /** True if both own some partitions, none twice, and together all of them. */
    public static boolean splitBetween(Set<Integer> a, Set<Integer> b, int partitions) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        Set<Integer> union = new HashSet<>(a);
        union.addAll(b);
        return union.size() == a.size() + b.size() && ownsAll(union, partitions);
    }

    /** The partition numbers of {@code topic} in an assignment. */
    public static Set<Integer> partitionsOf(Collection<TopicPartition> assignment, String topic) {
        Set<Integer> partitions = new TreeSet<>();
        for (TopicPartition tp : assignment) {
            if (tp.topic().equals(topic)) {
                partitions.add(tp.partition());
            }
        }
        return partitions;
    }

    /** "0,1,2" (sorted), or "" for none: how {@link GroupMember} prints its assignment. */
    public static String format(Set<Integer> partitions) {
        StringBuilder out = new StringBuilder();
        for (int p : new TreeSet<>(partitions)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(p);
        }
        return out.toString();
    }

    public static Set<Integer> parse(String text) {
        Set<Integer> partitions = new TreeSet<>();
        for (String part : text.trim().split(",")) {
            if (!part.isBlank()) {
                partitions.add(Integer.parseInt(part.trim()));
            }
        }
        return partitions;
    }
}
