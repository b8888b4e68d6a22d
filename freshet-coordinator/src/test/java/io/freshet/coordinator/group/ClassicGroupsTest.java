package io.freshet.coordinator.group;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.freshet.coordinator.group.CoordinatorFixture.get;
import static io.freshet.coordinator.group.CoordinatorFixture.memberIds;
import static io.freshet.coordinator.group.CoordinatorFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The classic protocol as a client sees it: joins, rebalances, assignments, errors, sessions, static members. */
@Timeout(30)
class ClassicGroupsTest {

    private static final int SESSION_MS = 10_000;

    @TempDir
    Path dir;
    private CoordinatorFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void firstMemberGetsAnIdThenLeadsGenerationOneAndGetsItsAssignment() throws Exception {
        JoinGroupResponseData first = get(f.join("g", "", null, SESSION_MS));
        assertThat(first.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        assertThat(first.memberId()).startsWith("test-client-");

        JoinGroupResponseData joined = get(f.join("g", first.memberId(), null, SESSION_MS));
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(first.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(memberIds(joined)).containsExactly(first.memberId());
        assertThat(text(joined.members().get(0).metadata())).isEqualTo("meta-range");

        SyncGroupResponseData synced = get(f.sync("g", first.memberId(), 1, Map.of(first.memberId(), "all")));
        assertThat(synced.errorCode()).isZero();
        assertThat(text(synced.assignment())).isEqualTo("all");
        assertThat(f.heartbeat("g", first.memberId(), null, 1)).isZero();
    }

    @Test
    void aSecondMemberRebalancesTheGroupAndEachGetsItsOwnAssignment() throws Exception {
        String a = stableSingleMember("g");
        String b = f.newMemberId("g", SESSION_MS);
        CompletableFuture<JoinGroupResponseData> bJoin = f.join("g", b, null, SESSION_MS);
        assertThat(bJoin).isNotDone(); // waits for a to rejoin
        assertThat(f.heartbeat("g", a, null, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());

        JoinGroupResponseData aJoined = get(f.join("g", a, null, SESSION_MS));
        JoinGroupResponseData bJoined = get(bJoin);
        assertThat(aJoined.generationId()).isEqualTo(2).isEqualTo(bJoined.generationId());
        assertThat(aJoined.leader()).isEqualTo(a); // the leader stays
        assertThat(memberIds(aJoined)).containsExactlyInAnyOrder(a, b);
        assertThat(bJoined.members()).isEmpty(); // followers do not see the others

        CompletableFuture<SyncGroupResponseData> bSync = f.sync("g", b, 2, Map.of());
        assertThat(bSync).isNotDone(); // waits for the leader's assignment
        SyncGroupResponseData aSynced = get(f.sync("g", a, 2, Map.of(a, "p0-p2", b, "p3-p5")));
        assertThat(text(aSynced.assignment())).isEqualTo("p0-p2");
        assertThat(text(get(bSync).assignment())).isEqualTo("p3-p5");
    }

    @Test
    void wrongRequestsGetTheirErrors() throws Exception {
        String a = stableSingleMember("g");
        assertThat(f.heartbeat("g", "nobody", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(f.heartbeat("g", a, null, 7)).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(f.heartbeat("no-such-group", a, null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(get(f.sync("g", a, 5, Map.of())).errorCode()).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(get(f.join("", "", null, SESSION_MS)).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
        assertThat(get(f.join("g", "", null, 10)).errorCode()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
        assertThat(get(f.join("g", "ghost", null, SESSION_MS)).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        // A member offering only a protocol the group does not use cannot join.
        assertThat(get(f.coordinator().joinGroup(CoordinatorFixture.client((short) 9),
            CoordinatorFixture.joinRequest("g", "", null, SESSION_MS, "roundrobin"))).errorCode())
            .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
    }

    @Test
    void theGroupRefusesMembersBeyondGroupMaxSize() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(f.join("big", "", null, SESSION_MS)).errorCode())
                .isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        }
        assertThat(get(f.join("big", "", null, SESSION_MS)).errorCode())
            .isEqualTo(Errors.GROUP_MAX_SIZE_REACHED.code());
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAndTheGroupBecomesEmpty() throws Exception {
        String id = f.newMemberId("g", 300);
        JoinGroupResponseData joined = get(f.join("g", id, null, 300));
        get(f.sync("g", id, joined.generationId(), Map.of(id, "x")));
        f.advance(299);
        assertThat(state("g")).isEqualTo("Stable");
        f.advance(1);
        assertThat(state("g")).isEqualTo("Empty");
        assertThat(f.heartbeat("g", id, null, joined.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void aMemberThatLeavesTriggersARebalanceForTheOthers() throws Exception {
        String a = stableSingleMember("g");
        String b = f.newMemberId("g", SESSION_MS);
        CompletableFuture<JoinGroupResponseData> bJoin = f.join("g", b, null, SESSION_MS);
        get(f.join("g", a, null, SESSION_MS));
        get(bJoin);
        get(f.sync("g", a, 2, Map.of(a, "a", b, "b")));

        var left = get(f.coordinator().leaveGroup(CoordinatorFixture.client((short) 5), new LeaveGroupRequestData()
            .setGroupId("g").setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(b)))));
        assertThat(left.errorCode()).isZero();
        assertThat(left.members()).singleElement().satisfies(m -> assertThat(m.errorCode()).isZero());
        assertThat(f.heartbeat("g", a, null, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponseData rejoined = get(f.join("g", a, null, SESSION_MS));
        assertThat(rejoined.generationId()).isEqualTo(3);
        assertThat(memberIds(rejoined)).containsExactly(a);
    }

    @Test
    void aStaticMemberThatRestartsKeepsItsAssignmentAndFencesItsOldId() throws Exception {
        JoinGroupResponseData joined = get(f.join("s", "", "instance-1", SESSION_MS));
        assertThat(joined.errorCode()).isZero(); // static members need no second round trip
        String oldId = joined.memberId();
        get(f.sync("s", oldId, joined.generationId(), Map.of(oldId, "mine")));
        // Second static member, so the restarted one is a follower.
        JoinGroupResponseData other = get(f.join("s", "", "instance-0", SESSION_MS).thenCombine(
            f.join("s", oldId, "instance-1", SESSION_MS), (o, self) -> o));
        String otherId = other.memberId();
        CompletableFuture<SyncGroupResponseData> otherSync = f.sync("s", otherId, 2, Map.of());
        SyncGroupResponseData leaderSync = get(f.sync("s", oldId, 2, Map.of(oldId, "mine", otherId, "theirs")));
        assertThat(text(leaderSync.assignment())).isEqualTo("mine");
        assertThat(text(get(otherSync).assignment())).isEqualTo("theirs");

        // instance-0 (a follower) restarts: same instance id, no member id.
        JoinGroupResponseData back = get(f.join("s", "", "instance-0", SESSION_MS));
        assertThat(back.errorCode()).isZero();
        assertThat(back.generationId()).isEqualTo(2); // no rebalance
        assertThat(back.memberId()).isNotEqualTo(otherId);
        assertThat(text(get(f.sync("s", back.memberId(), 2, Map.of())).assignment())).isEqualTo("theirs");
        assertThat(f.heartbeat("s", otherId, "instance-0", 2)).isEqualTo(Errors.FENCED_INSTANCE_ID.code());
        assertThat(f.heartbeat("s", back.memberId(), "instance-0", 2)).isZero();
    }

    @Test
    void membersAndGenerationSurviveARestartSoHeartbeatsCarryOn() throws Exception {
        String a = stableSingleMember("g");
        f.restart();
        assertThat(f.heartbeat("g", a, null, 1)).isZero();
        assertThat(state("g")).isEqualTo("Stable");
        assertThat(text(get(f.sync("g", a, 1, Map.of())).assignment())).isEqualTo("all");
    }

    @Test
    void theFirstRebalanceOfAnEmptyGroupWaitsTheInitialDelayForMoreMembers() throws Exception {
        f.close();
        GroupConfig fast = CoordinatorFixture.fastConfig(64L << 20);
        f = new CoordinatorFixture(dir, new GroupConfig(fast.minSessionTimeoutMs(), fast.maxSessionTimeoutMs(), 500,
            fast.maxGroupSize(), fast.offsetMetadataMaxBytes(), fast.consumerSessionTimeoutMs(),
            fast.consumerHeartbeatIntervalMs(), fast.consumerAssignors(), fast.checkpointBytes(),
            fast.offsetsRetentionMs(), fast.offsetsRetentionCheckMs()));
        String a = f.newMemberId("d", SESSION_MS);
        CompletableFuture<JoinGroupResponseData> aJoin = f.join("d", a, null, SESSION_MS);
        f.advance(100);
        assertThat(aJoin).as("held for the initial delay").isNotDone();
        String b = f.newMemberId("d", SESSION_MS);
        CompletableFuture<JoinGroupResponseData> bJoin = f.join("d", b, null, SESSION_MS);
        f.advance(399);
        assertThat(aJoin).as("still within the 500 ms initial delay").isNotDone();
        assertThat(bJoin).isNotDone();
        f.advance(1);
        JoinGroupResponseData aJoined = get(aJoin);
        JoinGroupResponseData bJoined = get(bJoin);
        assertThat(aJoined.generationId()).as("one rebalance for both").isEqualTo(1).isEqualTo(bJoined.generationId());
        assertThat(memberIds(aJoined)).containsExactlyInAnyOrder(a, b);
    }

    private String stableSingleMember(String group) throws Exception {
        String id = f.newMemberId(group, SESSION_MS);
        JoinGroupResponseData joined = get(f.join(group, id, null, SESSION_MS));
        assertThat(joined.generationId()).isEqualTo(1);
        get(f.sync(group, id, 1, Map.of(id, "all")));
        return id;
    }

    private String state(String group) throws Exception {
        return f.state(group);
    }
}
