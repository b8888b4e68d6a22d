package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.coordinator.runtime.ClientInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupHeartbeatTest {

    @TempDir
    Path dir;
    Coordinator c;

    @BeforeEach
    void start() throws Exception {
        c = new Coordinator(dir, new FakeTopics().create("orders", 4), Coordinator.config(45_000));
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
    }

    private static Set<TopicPartition> orders(int... partitions) {
        Set<TopicPartition> set = new HashSet<>();
        for (int p : partitions) {
            set.add(new TopicPartition("orders", p));
        }
        return set;
    }

    @Test
    void aLoneMemberGetsEveryPartitionAtEpochOne() throws Exception {
        ConsumerGroupHeartbeatResponseData r = c.send(Coordinator.join("g", "m1", "orders"));

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.memberId()).isEqualTo("m1");
        assertThat(r.memberEpoch()).isEqualTo(1);
        assertThat(r.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(c.partitions(r)).containsExactlyInAnyOrderElementsOf(orders(0, 1, 2, 3));
        assertThat(c.describe("g").groupState()).isEqualTo("Stable");
    }

    @Test
    void version0JoinWithoutMemberIdGetsOneFromTheServer() throws Exception {
        ConsumerGroupHeartbeatResponseData r = c.send(Coordinator.join("g", "", "orders"),
            new ClientInfo("c", "/h", (short) 0));
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.memberId()).isNotEmpty();
    }

    @Test
    void version1JoinWithoutMemberIdIsInvalid() throws Exception {
        assertThat(c.send(Coordinator.join("g", "", "orders")).errorCode())
            .isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void aPartitionMovesOnlyAfterItsOwnerReleasedIt() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders"));
        ConsumerGroupHeartbeatResponseData m2 = c.send(Coordinator.join("g", "m2", "orders"));
        // m2 is at the new epoch but gets nothing yet: m1 still owns everything.
        assertThat(m2.memberEpoch()).isEqualTo(2);
        assertThat(c.partitions(m2)).isEmpty();

        ConsumerGroupHeartbeatResponseData m1 = c.send(c.heartbeat("g", "m1", 1, orders(0, 1, 2, 3)));
        assertThat(m1.memberEpoch()).as("epoch waits for the revocation").isEqualTo(1);
        Set<TopicPartition> kept = c.partitions(m1);
        assertThat(kept).hasSize(2);
        assertThat(c.describe("g").groupState()).isEqualTo("Reconciling");

        m2 = c.send(c.heartbeat("g", "m2", 2, Set.of()));
        assertThat(m2.assignment()).as("nothing released yet").isNull();

        m1 = c.send(c.heartbeat("g", "m1", 1, kept));
        assertThat(m1.memberEpoch()).isEqualTo(2);

        m2 = c.send(c.heartbeat("g", "m2", 2, Set.of()));
        Set<TopicPartition> moved = c.partitions(m2);
        assertThat(moved).hasSize(2).doesNotContainAnyElementsOf(kept);
        c.send(c.heartbeat("g", "m2", 2, moved));
        assertThat(c.describe("g").groupState()).isEqualTo("Stable");
    }

    @Test
    void aWrongEpochIsFenced() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders"));
        assertThat(c.send(c.heartbeat("g", "m1", 7, null)).errorCode())
            .isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
    }

    @Test
    void thePreviousEpochIsAcceptedWhenTheBumpingResponseWasLost() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders"));
        c.send(Coordinator.join("g", "m2", "orders"));
        ConsumerGroupHeartbeatResponseData m1 = c.send(c.heartbeat("g", "m1", 1, orders(0, 1, 2, 3)));
        Set<TopicPartition> kept = c.partitions(m1);
        c.send(c.heartbeat("g", "m1", 1, kept)); // bumped to 2; suppose the client never saw it
        assertThat(c.send(c.heartbeat("g", "m1", 1, kept)).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(c.send(c.heartbeat("g", "m1", 1, orders(0, 1, 2, 3))).errorCode())
            .as("owning more than its assignment with the old epoch").isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
    }

    @Test
    void anUnknownMemberIsTold() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders"));
        assertThat(c.send(c.heartbeat("g", "nobody", 1, null)).errorCode())
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void malformedJoinsAreInvalid() throws Exception {
        assertThat(c.send(Coordinator.join("g", "m1", "orders").setRebalanceTimeoutMs(-1)).errorCode())
            .isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(c.send(Coordinator.join("g", "m1").setSubscribedTopicNames(null)).errorCode())
            .isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(c.send(Coordinator.join("", "m1", "orders")).errorCode())
            .isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(c.send(Coordinator.join("g", "m1", "orders").setServerAssignor("sticky")).errorCode())
            .isEqualTo(Errors.UNSUPPORTED_ASSIGNOR.code());
        assertThat(c.describe("g").errorCode()).as("no group was created")
            .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void leavingGivesThePartitionsToTheOthers() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders"));
        ConsumerGroupHeartbeatResponseData m2 = c.send(Coordinator.join("g", "m2", "orders"));
        ConsumerGroupHeartbeatResponseData left = c.send(c.heartbeat("g", "m1", 1, null).setMemberEpoch(-1));
        assertThat(left.memberEpoch()).isEqualTo(-1);

        m2 = c.send(c.heartbeat("g", "m2", m2.memberEpoch(), Set.of()));
        assertThat(c.partitions(m2)).containsExactlyInAnyOrderElementsOf(orders(0, 1, 2, 3));
        assertThat(c.describe("g").members()).extracting(m -> m.memberId()).containsExactly("m2");
    }

    @Test
    void aStaticMemberComingBackKeepsItsPartitions() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders").setInstanceId("i1"));
        ConsumerGroupHeartbeatResponseData other = c.send(Coordinator.join("g", "m2", "orders").setInstanceId("i1"));
        assertThat(other.errorCode()).isEqualTo(Errors.UNRELEASED_INSTANCE_ID.code());

        assertThat(c.send(c.heartbeat("g", "m1", -2, null).setInstanceId("i1")).memberEpoch()).isEqualTo(-2);
        ConsumerGroupHeartbeatResponseData back = c.send(Coordinator.join("g", "m3", "orders").setInstanceId("i1"));
        assertThat(back.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(back.memberEpoch()).as("no rebalance").isEqualTo(1);
        assertThat(c.partitions(back)).containsExactlyInAnyOrderElementsOf(orders(0, 1, 2, 3));

        assertThat(c.send(c.heartbeat("g", "m1", 1, null).setInstanceId("i1")).errorCode())
            .isEqualTo(Errors.FENCED_INSTANCE_ID.code());
    }

    @Test
    void aTopicCreatedLaterIsAssignedOnTheNextHeartbeat() throws Exception {
        ConsumerGroupHeartbeatResponseData r = c.send(Coordinator.join("g", "m1", "orders", "later"));
        c.topics.create("later", 2);
        r = c.send(c.heartbeat("g", "m1", r.memberEpoch(), orders(0, 1, 2, 3)));
        assertThat(r.memberEpoch()).isEqualTo(2);
        assertThat(c.partitions(r)).contains(new TopicPartition("later", 0), new TopicPartition("later", 1));
    }

    @Test
    void describeShowsMembersAndAssignments() throws Exception {
        c.send(Coordinator.join("g", "m1", "orders").setServerAssignor("range"));
        var described = c.describe("g");
        assertThat(described.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.assignmentEpoch()).isEqualTo(1);
        assertThat(described.assignorName()).isEqualTo("range");
        var member = described.members().get(0);
        assertThat(member.clientId()).isEqualTo("test-client");
        assertThat(member.subscribedTopicNames()).containsExactly("orders");
        assertThat(member.assignment().topicPartitions().get(0).topicName()).isEqualTo("orders");
        assertThat(member.assignment().topicPartitions().get(0).topicId()).isEqualTo(c.topics.id("orders"));
        assertThat(member.targetAssignment().topicPartitions().get(0).partitions()).containsExactly(0, 1, 2, 3);
        assertThat(c.describe("missing").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }
}
