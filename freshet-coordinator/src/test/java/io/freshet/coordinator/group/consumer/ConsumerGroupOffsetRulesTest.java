package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may commit and fetch offsets of a consumer group. */
class ConsumerGroupOffsetRulesTest {

    private static final short COMMIT_V9 = 9;

    private static ConsumerGroup groupWithMemberAtEpoch(int epoch) {
        ConsumerGroup group = new ConsumerGroup("g");
        ConsumerMember member = new ConsumerMember("m1", null);
        member.memberEpoch = epoch;
        group.add(member);
        return group;
    }

    @Test
    void aMemberCommitsWithItsCurrentEpochOnly() {
        ConsumerGroup group = groupWithMemberAtEpoch(5);
        assertThat(group.validateOffsetCommit("m1", null, 5, COMMIT_V9)).isEqualTo(Errors.NONE);
        assertThat(group.validateOffsetCommit("m1", null, 4, COMMIT_V9)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(group.validateOffsetCommit("m9", null, 5, COMMIT_V9)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateOffsetCommit("m1", null, 5, (short) 8)).isEqualTo(Errors.UNSUPPORTED_VERSION);
    }

    @Test
    void commitsFromOutsideTheGroupOnlyWhenItIsEmpty() {
        assertThat(groupWithMemberAtEpoch(5).validateOffsetCommit("", null, -1, COMMIT_V9))
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(new ConsumerGroup("g").validateOffsetCommit("", null, -1, COMMIT_V9)).isEqualTo(Errors.NONE);
    }

    @Test
    void fetchesAreCheckedOnlyWhenTheyNameAMember() {
        ConsumerGroup group = groupWithMemberAtEpoch(5);
        assertThat(group.validateOffsetFetch(null, -1)).isEqualTo(Errors.NONE);
        assertThat(group.validateOffsetFetch("m1", 5)).isEqualTo(Errors.NONE);
        assertThat(group.validateOffsetFetch("m1", 3)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(group.validateOffsetFetch("m9", 5)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }
}
