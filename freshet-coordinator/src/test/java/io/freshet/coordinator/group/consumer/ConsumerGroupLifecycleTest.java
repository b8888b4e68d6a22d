package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.runtime.FakeTopics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Timers (session, revocation) and the round trip through the internal log. */
class ConsumerGroupLifecycleTest {

    @TempDir
    Path dir;

    /**
     * Moves the clock {@code stepMs} at a time, heartbeating as {@code member} after each step (acknowledging what it
     * was given), until it holds {@code count} partitions or 20 steps have passed; returns the last response.
     */
    private static ConsumerGroupHeartbeatResponseData heartbeatUntil(Coordinator c, String member, int epoch,
                                                                     Set<TopicPartition> owned, int count,
                                                                     long stepMs) throws Exception {
        ConsumerGroupHeartbeatResponseData r;
        int steps = 0;
        do {
            c.advance(stepMs);
            r = c.send(c.heartbeat("g", member, epoch, owned));
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            epoch = r.memberEpoch();
            if (r.assignment() != null) {
                owned = c.partitions(r);
            }
        } while (owned.size() != count && ++steps < 20);
        return r;
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAndItsPartitionsReassigned() throws Exception {
        try (Coordinator c = new Coordinator(dir, new FakeTopics().create("t", 4), Coordinator.config(600))) {
            ConsumerGroupHeartbeatResponseData m1 = c.send(Coordinator.join("g", "m1", "t"));
            Set<TopicPartition> all = c.partitions(m1);
            c.send(Coordinator.join("g", "m2", "t")); // and then m2 goes silent
            m1 = c.send(c.heartbeat("g", "m1", 1, all));
            Set<TopicPartition> kept = c.partitions(m1);
            assertThat(kept).hasSize(2);

            // m1 keeps heartbeating (every 200 ms, within its 600 ms session); m2's session ends, its share comes back.
            m1 = heartbeatUntil(c, "m1", m1.memberEpoch(), kept, 4, 200);
            assertThat(c.partitions(m1)).hasSize(4);
            assertThat(c.describe("g").members()).extracting(m -> m.memberId()).containsExactly("m1");
        }
    }

    @Test
    void aMemberThatDoesNotReleaseWithinItsRebalanceTimeoutIsRemoved() throws Exception {
        try (Coordinator c = new Coordinator(dir, new FakeTopics().create("t", 4), Coordinator.config(45_000))) {
            ConsumerGroupHeartbeatResponseData m1 = c.send(Coordinator.join("g", "m1", "t").setRebalanceTimeoutMs(300));
            Set<TopicPartition> all = c.partitions(m1);
            ConsumerGroupHeartbeatResponseData m2 = c.send(Coordinator.join("g", "m2", "t"));
            c.send(c.heartbeat("g", "m1", 1, all)); // told to revoke two; never reports them released

            m2 = heartbeatUntil(c, "m2", m2.memberEpoch(), Set.of(), 4, 100);
            assertThat(c.partitions(m2)).hasSize(4);
            assertThat(c.send(c.heartbeat("g", "m1", 1, all)).errorCode())
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        }
    }

    @Test
    void theGroupSurvivesARestartWithoutARebalance() throws Exception {
        try (Coordinator c = new Coordinator(dir, new FakeTopics().create("t", 4), Coordinator.config(45_000))) {
            c.send(Coordinator.join("g", "m1", "t"));
            ConsumerGroupHeartbeatResponseData m2 = c.send(Coordinator.join("g", "m2", "t").setInstanceId("i2"));
            ConsumerGroupHeartbeatResponseData m1 = c.send(c.heartbeat("g", "m1", 1,
                Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 2),
                    new TopicPartition("t", 3))));
            Set<TopicPartition> kept = c.partitions(m1);
            var before = c.describe("g");

            c.restart();

            var after = c.describe("g");
            assertThat(after).isEqualTo(before);
            // m1 is still mid-revocation after the restart: reporting the release completes it.
            m1 = c.send(c.heartbeat("g", "m1", 1, kept));
            assertThat(m1.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(m1.memberEpoch()).isEqualTo(2);
            m2 = c.send(c.heartbeat("g", "m2", m2.memberEpoch(), Set.of()).setInstanceId("i2"));
            assertThat(c.partitions(m2)).hasSize(2).doesNotContainAnyElementsOf(kept);
            assertThat(c.describe("g").groupEpoch()).as("no rebalance after the restart").isEqualTo(2);
        }
    }

    @Test
    void anEmptyGroupOutlivesItsMembersAndARestart() throws Exception {
        try (Coordinator c = new Coordinator(dir, new FakeTopics().create("t", 1), Coordinator.config(45_000))) {
            c.send(Coordinator.join("g", "m1", "t"));
            c.send(c.heartbeat("g", "m1", 1, null).setMemberEpoch(-1));
            c.restart();
            assertThat(c.describe("g").groupState()).isEqualTo("Empty");
        }
    }
}
