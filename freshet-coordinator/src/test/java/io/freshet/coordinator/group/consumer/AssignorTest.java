package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class AssignorTest {

    private static AssignmentSpec spec(Map<String, Set<String>> subs, Map<String, Integer> counts,
                                       Map<String, Set<TopicPartition>> previous) {
        return new AssignmentSpec(new TreeMap<>(subs), counts, previous);
    }

    private static void assertEachPartitionOnce(Map<String, Set<TopicPartition>> result, Map<String, Integer> counts) {
        Set<TopicPartition> seen = new HashSet<>();
        result.values().forEach(ps -> ps.forEach(tp -> assertThat(seen.add(tp)).as("%s assigned twice", tp).isTrue()));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(seen).hasSize(total);
    }

    @Test
    void uniformSpreadsPartitionsEvenly() {
        Map<String, Integer> counts = Map.of("a", 5, "b", 3);
        Map<String, Set<TopicPartition>> result = new UniformAssignor().assign(spec(
            Map.of("m1", Set.of("a", "b"), "m2", Set.of("a", "b"), "m3", Set.of("a", "b")), counts, Map.of()));
        assertEachPartitionOnce(result, counts);
        assertThat(result.values()).allSatisfy(ps -> assertThat(ps.size()).isBetween(2, 3));
    }

    @Test
    void uniformKeepsPartitionsWhenAMemberJoins() {
        Map<String, Integer> counts = Map.of("a", 6);
        UniformAssignor assignor = new UniformAssignor();
        Map<String, Set<TopicPartition>> before = assignor.assign(spec(
            Map.of("m1", Set.of("a"), "m2", Set.of("a")), counts, Map.of()));
        Map<String, Set<TopicPartition>> after = assignor.assign(spec(
            Map.of("m1", Set.of("a"), "m2", Set.of("a"), "m3", Set.of("a")), counts, before));

        assertEachPartitionOnce(after, counts);
        assertThat(after.get("m3")).hasSize(2);
        // Sticky: the old members only lose what the newcomer needs.
        assertThat(before.get("m1")).containsAll(after.get("m1"));
        assertThat(before.get("m2")).containsAll(after.get("m2"));
        assertThat(after.get("m1")).hasSize(2);
        assertThat(after.get("m2")).hasSize(2);
    }

    @Test
    void uniformGivesEachTopicOnlyToItsSubscribers() {
        Map<String, Integer> counts = Map.of("a", 4, "b", 2);
        Map<String, Set<TopicPartition>> result = new UniformAssignor().assign(spec(
            Map.of("m1", Set.of("a"), "m2", Set.of("a", "b"), "m3", Set.of("b")), counts, Map.of()));
        assertEachPartitionOnce(result, counts);
        assertThat(result.get("m1")).allMatch(tp -> tp.topic().equals("a"));
        assertThat(result.get("m3")).allMatch(tp -> tp.topic().equals("b"));
        assertThat(result.values()).allSatisfy(ps -> assertThat(ps.size()).isEqualTo(2));
    }

    @Test
    void uniformDropsPartitionsOfUnsubscribedTopics() {
        Map<String, Set<TopicPartition>> previous = new HashMap<>();
        previous.put("m1", Set.of(new TopicPartition("gone", 0), new TopicPartition("a", 0)));
        Map<String, Set<TopicPartition>> result = new UniformAssignor().assign(spec(
            Map.of("m1", Set.of("a")), Map.of("a", 2), previous));
        assertThat(result.get("m1")).containsExactlyInAnyOrder(new TopicPartition("a", 0), new TopicPartition("a", 1));
    }

    @Test
    void rangeGivesContiguousRangesAndTheExtraToTheFirstMembers() {
        Map<String, Integer> counts = Map.of("a", 5);
        Map<String, Set<TopicPartition>> result = new RangeAssignor().assign(spec(
            Map.of("m2", Set.of("a"), "m1", Set.of("a")), counts, Map.of()));
        assertThat(result.get("m1")).containsExactlyInAnyOrder(
            new TopicPartition("a", 0), new TopicPartition("a", 1), new TopicPartition("a", 2));
        assertThat(result.get("m2")).containsExactlyInAnyOrder(new TopicPartition("a", 3), new TopicPartition("a", 4));
    }

    @Test
    void rangeCoPartitionsTopicsOfTheSameSize() {
        Map<String, Integer> counts = Map.of("a", 4, "b", 4);
        Map<String, Set<TopicPartition>> result = new RangeAssignor().assign(spec(
            Map.of("m1", Set.of("a", "b"), "m2", Set.of("a", "b")), counts, Map.of()));
        for (Set<TopicPartition> ps : result.values()) {
            Set<Integer> ofA = new HashSet<>();
            Set<Integer> ofB = new HashSet<>();
            ps.forEach(tp -> (tp.topic().equals("a") ? ofA : ofB).add(tp.partition()));
            assertThat(ofA).isEqualTo(ofB).hasSize(2);
        }
    }
}
