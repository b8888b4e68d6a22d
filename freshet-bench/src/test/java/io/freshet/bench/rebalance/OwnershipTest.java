package io.freshet.bench.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    @Test
    void shouldOwnAllOnlyWithExactlyEveryPartition() {
        assertThat(Ownership.ownsAll(Set.of(0, 1, 2, 3, 4, 5), 6)).isTrue();
        assertThat(Ownership.ownsAll(Set.of(0, 1, 2, 3, 4), 6)).isFalse();
        assertThat(Ownership.ownsAll(Set.of(1, 2, 3, 4, 5, 6), 6)).isFalse();
    }

    @Test
    void shouldSplitOnlyWhenDisjointCompleteAndBothNonEmpty() {
        assertThat(Ownership.splitBetween(Set.of(0, 1, 2), Set.of(3, 4, 5), 6)).isTrue();
        assertThat(Ownership.splitBetween(Set.of(0), Set.of(1, 2, 3, 4, 5), 6)).isTrue();
        assertThat(Ownership.splitBetween(Set.of(0, 1, 2, 3), Set.of(3, 4, 5), 6)).as("overlap").isFalse();
        assertThat(Ownership.splitBetween(Set.of(0, 1), Set.of(3, 4, 5), 6)).as("incomplete").isFalse();
        assertThat(Ownership.splitBetween(Set.of(0, 1, 2, 3, 4, 5), Set.of(), 6)).as("B empty").isFalse();
        assertThat(Ownership.splitBetween(Set.of(), Set.of(0, 1, 2, 3, 4, 5), 6)).as("A empty").isFalse();
    }

    @Test
    void shouldKeepOnlyTheTopicsPartitions() {
        List<TopicPartition> assignment = List.of(new TopicPartition("t", 2), new TopicPartition("other", 0),
            new TopicPartition("t", 0));
        assertThat(Ownership.partitionsOf(assignment, "t")).containsExactly(0, 2);
    }

    @Test
    void shouldPrintAndParseTheMembersAssignmentLine() {
        assertThat(Ownership.format(Set.of(5, 0, 3))).isEqualTo("0,3,5");
        assertThat(Ownership.parse("0,3,5")).containsExactly(0, 3, 5);
        assertThat(Ownership.format(Set.of())).isEmpty();
        assertThat(Ownership.parse("")).isEmpty();
    }
}
