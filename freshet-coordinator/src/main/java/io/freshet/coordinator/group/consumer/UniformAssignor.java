package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * "uniform" (the default): balanced and sticky. Each member keeps the partitions it had that it may still have,
 * the free partitions go to the least loaded eligible member, then partitions move from the most to the least
 * loaded members until no eligible move narrows the gap. Balanced means partition counts differ by at most one
 * between members that could swap; sticky means a member only loses partitions when the balance needs it, which
 * keeps revocations (and the pauses they cause) few.
 */
final class UniformAssignor implements PartitionAssignor {

    static final String NAME = "uniform";

    private static final Comparator<TopicPartition> ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Set<TopicPartition>> assign(AssignmentSpec spec) {
        Map<String, TreeSet<TopicPartition>> result = new HashMap<>();
        Set<TopicPartition> taken = new HashSet<>();
        for (String member : spec.subscriptions().keySet()) {
            TreeSet<TopicPartition> kept = new TreeSet<>(ORDER);
            for (TopicPartition tp : spec.previous(member)) {
                if (spec.eligible(member, tp) && taken.add(tp)) {
                    kept.add(tp);
                }
            }
            result.put(member, kept);
        }
        for (TopicPartition tp : allPartitions(spec)) {
            if (!taken.contains(tp)) {
                leastLoaded(spec, result, tp, null).ifPresent(m -> result.get(m).add(tp));
            }
        }
        balance(spec, result);
        return new HashMap<>(result);
    }

    private static List<TopicPartition> allPartitions(AssignmentSpec spec) {
        List<TopicPartition> all = new ArrayList<>();
        spec.partitionCounts().forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
        });
        all.sort(ORDER);
        return all;
    }

    /** The eligible member with the fewest partitions (ties: smallest member id), other than {@code except}. */
    private static java.util.Optional<String> leastLoaded(AssignmentSpec spec, Map<String, TreeSet<TopicPartition>> load,
                                                          TopicPartition tp, String except) {
        String best = null;
        for (String member : spec.subscriptions().keySet()) {
            if (!member.equals(except) && spec.eligible(member, tp)
                && (best == null || load.get(member).size() < load.get(best).size())) {
                best = member;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * Moves one partition at a time from a member to an eligible member with at least two fewer. Each move lowers
     * the sum of squared loads, so the loop ends.
     */
    private static void balance(AssignmentSpec spec, Map<String, TreeSet<TopicPartition>> load) {
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> byLoadDesc = new ArrayList<>(spec.subscriptions().keySet());
            byLoadDesc.sort(Comparator.comparingInt((String m) -> load.get(m).size()).reversed()
                .thenComparing(Comparator.naturalOrder()));
            for (String from : byLoadDesc) {
                for (TopicPartition tp : load.get(from).descendingSet()) {
                    String to = leastLoaded(spec, load, tp, from).orElse(null);
                    if (to != null && load.get(from).size() - load.get(to).size() > 1) {
                        load.get(from).remove(tp);
                        load.get(to).add(tp);
                        moved = true;
                        break;
                    }
                }
                if (moved) {
                    break;
                }
            }
        }
    }
}
