package io.freshet.coordinator.group.share;

import io.freshet.coordinator.group.GroupConfig;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.group.GroupCoordinatorRunner;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Share-group membership on a real GroupCoordinator (manual clock, log store in a temporary directory). */
class ShareGroupsTest {

    private static final ClientInfo CLIENT = new ClientInfo("share-client", "/127.0.0.1", (short) 1);

    @TempDir
    Path dir;

    private final FakeTopics topics = new FakeTopics().create("t", 2);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private GroupCoordinatorRunner runner;

    @BeforeEach
    void start() throws Exception {
        runner = GroupCoordinatorRunner.onStorage(dir, StorageIo.SYSTEM, topics, GroupConfig.defaults());
        listen();
    }

    private void listen() {
        coordinator().onShareGroupEvents(new ShareGroupListener() {
            @Override
            public void memberRemoved(String groupId, String memberId) {
                events.add("removed " + groupId + "/" + memberId);
            }

            @Override
            public void groupDeleted(String groupId) {
                events.add("deleted " + groupId);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        runner.close();
    }

    private GroupCoordinator coordinator() {
        return runner.coordinator();
    }

    private ShareGroupHeartbeatResponseData send(ShareGroupHeartbeatRequestData request) throws Exception {
        return coordinator().shareGroupHeartbeat(CLIENT, request).get(10, TimeUnit.SECONDS);
    }

    private static ShareGroupHeartbeatRequestData join(String group, String member, String... topicNames) {
        return new ShareGroupHeartbeatRequestData().setGroupId(group).setMemberId(member).setMemberEpoch(0)
            .setSubscribedTopicNames(List.of(topicNames));
    }

    private static ShareGroupHeartbeatRequestData heartbeat(String group, String member, int epoch) {
        return new ShareGroupHeartbeatRequestData().setGroupId(group).setMemberId(member).setMemberEpoch(epoch);
    }

    private Set<TopicPartition> partitions(ShareGroupHeartbeatResponseData response) {
        Set<TopicPartition> set = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        response.assignment().topicPartitions().forEach(t -> {
            String name = topics.topicName(t.topicId()).orElseThrow();
            t.partitions().forEach(p -> set.add(new TopicPartition(name, p)));
        });
        return set;
    }

    private ShareGroupDescribeResponseData.DescribedGroup describe(String group) throws Exception {
        return coordinator().shareGroupDescribe(CLIENT, new ShareGroupDescribeRequestData().setGroupIds(List.of(group)))
            .get(10, TimeUnit.SECONDS).groups().get(0);
    }

    /** Joins the members, then heartbeats each once more so every one has been told the final assignment. */
    private Map<String, ShareGroupHeartbeatResponseData> joinAll(String group, List<String> members, String topic)
        throws Exception {
        Map<String, Integer> epochs = new HashMap<>();
        for (String m : members) {
            ShareGroupHeartbeatResponseData r = send(join(group, m, topic));
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            epochs.put(m, r.memberEpoch());
        }
        Map<String, ShareGroupHeartbeatResponseData> last = new HashMap<>();
        for (String m : members) {
            ShareGroupHeartbeatResponseData r = send(heartbeat(group, m, epochs.get(m)));
            assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
            last.put(m, r);
        }
        return last;
    }

    @Test
    void moreMembersThanPartitionsAllGetWorkAndEachPartitionIsShared() throws Exception {
        Map<String, ShareGroupHeartbeatResponseData> answers = joinAll("g", List.of("m1", "m2", "m3", "m4"), "t");

        Map<TopicPartition, Integer> holders = new HashMap<>();
        answers.forEach((member, r) -> {
            // The first three were told a newer epoch in their second heartbeat, with the assignment that goes with it.
            Set<TopicPartition> assigned = r.assignment() != null ? partitions(r)
                : coordinator().shareMembership().assignment("g", member).orElseThrow();
            assertThat(assigned).as(member).hasSize(1);
            assigned.forEach(tp -> holders.merge(tp, 1, Integer::sum));
        });
        assertThat(holders).containsOnly(Map.entry(new TopicPartition("t", 0), 2),
            Map.entry(new TopicPartition("t", 1), 2));

        ShareGroupDescribeResponseData.DescribedGroup described = describe("g");
        assertThat(described.errorCode()).isZero();
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.assignorName()).isEqualTo("simple");
        assertThat(described.groupEpoch()).isEqualTo(4);
        assertThat(described.members()).hasSize(4).allSatisfy(m -> {
            assertThat(m.memberEpoch()).isEqualTo(4);
            assertThat(m.clientId()).isEqualTo("share-client");
            assertThat(m.subscribedTopicNames()).containsExactly("t");
            assertThat(m.assignment().topicPartitions()).singleElement()
                .satisfies(tp -> assertThat(tp.topicName()).isEqualTo("t"));
        });
    }

    @Test
    void fewerMembersThanPartitionsSplitThePartitions() throws Exception {
        topics.create("big", 5);
        joinAll("g", List.of("a", "b"), "big");
        Set<TopicPartition> a = coordinator().shareMembership().assignment("g", "a").orElseThrow();
        Set<TopicPartition> b = coordinator().shareMembership().assignment("g", "b").orElseThrow();
        assertThat(a).doesNotContainAnyElementsOf(b);
        assertThat(a.size() + b.size()).isEqualTo(5);
        assertThat(Math.abs(a.size() - b.size())).isEqualTo(1);
    }

    @Test
    void aTopicCreatedOrGrownLaterShowsUpInTheAssignment() throws Exception {
        ShareGroupHeartbeatResponseData r = send(join("g", "m1", "later"));
        assertThat(partitions(r)).isEmpty();

        topics.create("later", 1);
        r = send(heartbeat("g", "m1", r.memberEpoch()));
        assertThat(partitions(r)).containsExactly(new TopicPartition("later", 0));

        topics.create("later", 3);
        r = send(heartbeat("g", "m1", r.memberEpoch()));
        assertThat(partitions(r)).hasSize(3);
        assertThat(r.memberEpoch()).isEqualTo(3);
    }

    @Test
    void aMemberLeavesOrIsFencedAndTheBrokerIsTold() throws Exception {
        joinAll("g", List.of("m1", "m2", "m3"), "t");
        ShareGroupHeartbeatResponseData left = send(heartbeat("g", "m1", 3).setMemberEpoch(-1));
        assertThat(left.errorCode()).isZero();
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(events).containsExactly("removed g/m1");
        assertThat(coordinator().shareMembership().isMember("g", "m1")).isFalse();

        // m2 keeps heartbeating, m3 goes silent: 45 s (group.share.session.timeout.ms) later only m3 is fenced.
        int epoch = describe("g").members().stream().filter(m -> m.memberId().equals("m2")).findFirst()
            .orElseThrow().memberEpoch();
        for (int i = 0; i < 5; i++) {
            runner.advance(10_000);
            ShareGroupHeartbeatResponseData r = send(heartbeat("g", "m2", epoch));
            assertThat(r.errorCode()).isZero();
            epoch = r.memberEpoch();
        }
        assertThat(events).containsExactly("removed g/m1", "removed g/m3");
        assertThat(coordinator().shareMembership().assignment("g", "m2").orElseThrow())
            .containsExactlyInAnyOrder(new TopicPartition("t", 0), new TopicPartition("t", 1));
        // A fenced member's next heartbeat is refused; it rejoins with epoch 0 and the same member id.
        assertThat(send(heartbeat("g", "m3", 3)).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(send(join("g", "m3", "t")).errorCode()).isZero();
    }

    @Test
    void aGroupsOwnSessionTimeoutAndHeartbeatIntervalApply() throws Exception {
        coordinator().useShareGroupTimeouts(new ShareGroupTimeouts() {
            @Override
            public int sessionTimeoutMs(String groupId) {
                return groupId.equals("quick") ? 50_000 : 60_000;
            }

            @Override
            public int heartbeatIntervalMs(String groupId) {
                return groupId.equals("quick") ? 7_000 : 5_000;
            }
        });
        assertThat(send(join("quick", "m1", "t")).heartbeatIntervalMs()).isEqualTo(7_000);
        send(join("slow", "m1", "t"));
        runner.advance(50_001);
        assertThat(events).containsExactly("removed quick/m1");
        runner.advance(10_000);
        assertThat(events).containsExactly("removed quick/m1", "removed slow/m1");
    }

    @Test
    void badHeartbeatsGetKafkasErrors() throws Exception {
        ShareGroupHeartbeatResponseData r = send(join("g", "m1", "t"));
        assertThat(send(heartbeat("g", "m1", r.memberEpoch() + 1)).errorCode())
            .isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(send(heartbeat("g", "nobody", 1)).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        ShareGroupHeartbeatResponseData noTopics = send(join("g", "m2"));
        assertThat(noTopics.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(noTopics.errorMessage()).isEqualTo("SubscribedTopicNames must be set in first request.");
        assertThat(send(join("g", "", "t")).errorMessage()).isEqualTo("MemberId can't be empty.");
    }

    @Test
    void aGroupIdTakenByAnotherGroupTypeIsRefusedBothWays() throws Exception {
        ConsumerGroupHeartbeatRequestData consumerJoin = new ConsumerGroupHeartbeatRequestData().setGroupId("cg")
            .setMemberId("c1").setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
            .setSubscribedTopicNames(List.of("t")).setTopicPartitions(new ArrayList<>());
        assertThat(coordinator().consumerGroupHeartbeat(CLIENT, consumerJoin).get().errorCode()).isZero();
        ShareGroupHeartbeatResponseData r = send(join("cg", "s1", "t"));
        assertThat(r.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(r.errorMessage()).isEqualTo("Group cg is not a share group.");
        assertThat(describe("cg").errorMessage()).isEqualTo("Group cg is not a share group.");

        send(join("sg", "s1", "t"));
        send(heartbeat("sg", "s1", 1).setMemberEpoch(-1)); // empty now: still a share group
        assertThat(coordinator().consumerGroupHeartbeat(CLIENT, consumerJoin.setGroupId("sg")).get().errorCode())
            .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        JoinGroupRequestData classicJoin = new JoinGroupRequestData().setGroupId("sg").setMemberId("")
            .setProtocolType("consumer").setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000);
        classicJoin.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
            .setMetadata(new byte[0]));
        assertThat(coordinator().joinGroup(new ClientInfo("c", "/127.0.0.1", (short) 9), classicJoin).get()
            .errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
        var classicView = coordinator().describeGroups(new ClientInfo("c", "/127.0.0.1", (short) 6),
            new DescribeGroupsRequestData().setGroups(List.of("sg"))).get().groups().get(0);
        assertThat(classicView.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void listedByTypeAndDeletedOnlyWhenEmpty() throws Exception {
        ShareGroupHeartbeatResponseData r = send(join("sg", "m1", "t"));
        ClientInfo v5 = new ClientInfo("admin", "/127.0.0.1", (short) 5);
        ListGroupsResponseData listed = coordinator().listGroups(v5,
            new ListGroupsRequestData().setTypesFilter(List.of("Share"))).get();
        assertThat(listed.groups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo("sg");
            assertThat(g.groupType()).isEqualTo("share");
            assertThat(g.protocolType()).isEqualTo("share");
            assertThat(g.groupState()).isEqualTo("Stable");
        });
        assertThat(coordinator().listGroups(v5, new ListGroupsRequestData().setTypesFilter(List.of("consumer")))
            .get().groups()).isEmpty();

        DeleteGroupsRequestData delete = new DeleteGroupsRequestData().setGroupsNames(List.of("sg"));
        assertThat(coordinator().deleteGroups(CLIENT, delete).get().results().find("sg").errorCode())
            .isEqualTo(Errors.NON_EMPTY_GROUP.code());
        send(heartbeat("sg", "m1", r.memberEpoch()).setMemberEpoch(-1));
        assertThat(describe("sg").groupState()).isEqualTo("Empty");
        assertThat(coordinator().deleteGroups(CLIENT, delete).get().results().find("sg").errorCode()).isZero();
        assertThat(events).containsExactly("removed sg/m1", "deleted sg");
        assertThat(describe("sg").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(describe("sg").groupState()).isEqualTo("Dead");
        assertThat(coordinator().shareMembership().group("sg")).isEmpty();
    }

    @Test
    void membershipSurvivesARestart() throws Exception {
        joinAll("g", List.of("m1", "m2", "m3"), "t");
        Set<TopicPartition> before = coordinator().shareMembership().assignment("g", "m2").orElseThrow();

        runner.restart();
        listen();
        assertThat(coordinator().shareMembership().assignment("g", "m2")).contains(before);
        ShareGroupHeartbeatResponseData r = send(heartbeat("g", "m2", 3)); // carries on, no rejoin
        assertThat(r.errorCode()).isZero();
        assertThat(r.memberEpoch()).isEqualTo(3);
        assertThat(describe("g").members()).hasSize(3);
        // Sessions start over at the load: 45 s later the members that did not heartbeat are gone.
        runner.advance(45_001);
        assertThat(events).containsExactlyInAnyOrder("removed g/m1", "removed g/m2", "removed g/m3");
    }
}
