package io.freshet.coordinator.group;

import io.freshet.coordinator.runtime.ScriptedStateLog;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.freshet.coordinator.group.CoordinatorFixture.client;
import static io.freshet.coordinator.group.CoordinatorFixture.errors;
import static io.freshet.coordinator.group.CoordinatorFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees when the group coordinator's log cannot be written (a full disk, an fsync error): the request
 * fails with COORDINATOR_NOT_AVAILABLE, reads never show what was not durable, and a restart agrees with them.
 */
@Timeout(30)
class GroupWriteFailureTest {

    private static final int SESSION_MS = 10_000;
    private static final short UNSTABLE = Errors.UNSTABLE_OFFSET_COMMIT.code();

    private final ScriptedStateLog log = new ScriptedStateLog();
    private CoordinatorFixture f;

    @BeforeEach
    void start() {
        f = new CoordinatorFixture(log, CoordinatorFixture.fastConfig(64L << 20));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void anOffsetCommitWhoseFsyncFailsIsRefusedAndFetchShowsTheLastDurableOffsetBeforeAndAfterARestart()
        throws Exception {
        assertThat(errors(get(f.commit("g", -1, "", Map.of("orders", Map.of(0, 595L)))))).containsOnly((short) 0);
        log.holdDurability();
        CompletableFuture<OffsetCommitResponseData> commit = f.commit("g", -1, "", Map.of("orders", Map.of(0, 4785L)));
        assertThat(f.fetched("g")).as("not durable yet").containsEntry("orders-0", 595L);

        log.failDurability();

        assertThat(errors(get(commit))).containsOnly(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(f.fetched("g")).containsExactlyEntriesOf(Map.of("orders-0", 595L));
        f.restart();
        assertThat(f.fetched("g")).containsExactlyEntriesOf(Map.of("orders-0", 595L));
    }

    @Test
    void anOffsetCommitOnAFullDiskIsRefusedAndTheNextOneWorksOnceThereIsRoom() throws Exception {
        get(f.commit("g", -1, "", Map.of("orders", Map.of(0, 1L))));
        log.failAppends();
        assertThat(errors(get(f.commit("g", -1, "", Map.of("orders", Map.of(0, 2L, 1, 2L))))))
            .containsOnly(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(f.fetched("g")).containsExactlyEntriesOf(Map.of("orders-0", 1L));

        log.appendsSucceed();
        assertThat(errors(get(f.commit("g", -1, "", Map.of("orders", Map.of(0, 3L)))))).containsOnly((short) 0);
        assertThat(f.fetched("g")).containsExactlyEntriesOf(Map.of("orders-0", 3L));
    }

    @Test
    void offsetFetchShowsACommitOnlyOnceItIsDurable() throws Exception {
        log.holdDurability();
        CompletableFuture<OffsetCommitResponseData> commit = f.commit("g", -1, "", Map.of("orders", Map.of(0, 7L)));
        assertThat(f.fetched("g")).isEmpty();
        log.releaseDurability();
        assertThat(errors(get(commit))).containsOnly((short) 0);
        assertThat(f.fetched("g")).containsEntry("orders-0", 7L);
    }

    @Test
    void aFailedAssignmentWriteAnswersSyncGroupCoordinatorNotAvailableAndTheGroupRebalances() throws Exception {
        String a = f.newMemberId("g", SESSION_MS);
        JoinGroupResponseData joined = get(f.join("g", a, null, SESSION_MS));
        log.failAppends();
        SyncGroupResponseData synced = get(f.sync("g", a, joined.generationId(), Map.of(a, "all")));
        assertThat(synced.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(f.state("g")).isEqualTo("PreparingRebalance");

        log.appendsSucceed();
        JoinGroupResponseData rejoined = get(f.join("g", a, null, SESSION_MS));
        assertThat(rejoined.generationId()).isEqualTo(joined.generationId() + 1);
        assertThat(get(f.sync("g", a, rejoined.generationId(), Map.of(a, "all"))).errorCode()).isZero();
        assertThat(f.state("g")).isEqualTo("Stable");
    }

    @Test
    void aGroupWhoseDeletionFailsComesBackWithItsOffsets() throws Exception {
        get(f.commit("old", -1, "", Map.of("orders", Map.of(0, 5L, 1, 6L))));
        log.holdDurability();
        CompletableFuture<DeleteGroupsResponseData> deleting = f.coordinator().deleteGroups(client((short) 2),
            new DeleteGroupsRequestData().setGroupsNames(List.of("old")));
        assertThat(f.fetched("old")).as("the deletion is not durable").hasSize(2);

        log.failDurability();

        assertThat(get(deleting).results()).singleElement()
            .satisfies(r -> assertThat(r.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        assertThat(f.state("old")).isEqualTo("Empty");
        assertThat(f.fetched("old")).containsEntry("orders-0", 5L).containsEntry("orders-1", 6L);
        log.releaseDurability();
        DeleteGroupsResponseData deleted = get(f.coordinator().deleteGroups(client((short) 2),
            new DeleteGroupsRequestData().setGroupsNames(List.of("old"))));
        assertThat(deleted.results().iterator().next().errorCode()).isZero();
        assertThat(f.state("old")).isEqualTo("absent");
    }

    @Test
    void aDeletedGroupThatHadARecordComesBackAsItWas() throws Exception {
        String a = f.newMemberId("g", SESSION_MS);
        JoinGroupResponseData joined = get(f.join("g", a, null, SESSION_MS));
        get(f.sync("g", a, joined.generationId(), Map.of(a, "all")));
        get(f.coordinator().leaveGroup(client((short) 5), new LeaveGroupRequestData().setGroupId("g")
            .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(a)))));
        assertThat(f.state("g")).isEqualTo("Empty");

        log.failAppends();
        DeleteGroupsResponseData refused = get(f.coordinator().deleteGroups(client((short) 2),
            new DeleteGroupsRequestData().setGroupsNames(List.of("g"))));
        assertThat(refused.results().iterator().next().errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(f.state("g")).isEqualTo("Empty");
        log.appendsSucceed();
        f.restart();
        assertThat(f.state("g")).isEqualTo("Empty");
    }

    @Test
    void anEmptyGroupRecordThatFailsChangesNothingTheMembersSee() throws Exception {
        String a = f.newMemberId("g", SESSION_MS);
        JoinGroupResponseData joined = get(f.join("g", a, null, SESSION_MS));
        get(f.sync("g", a, joined.generationId(), Map.of(a, "all")));
        log.failAppends();

        var left = get(f.coordinator().leaveGroup(client((short) 5), new LeaveGroupRequestData().setGroupId("g")
            .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(a)))));

        assertThat(left.members()).singleElement().satisfies(m -> assertThat(m.errorCode()).isZero());
        assertThat(f.state("g")).isEqualTo("Empty");
        log.appendsSucceed();
        String b = f.newMemberId("g", SESSION_MS);
        JoinGroupResponseData next = get(f.join("g", b, null, SESSION_MS));
        assertThat(next.errorCode()).isZero();
        assertThat(get(f.sync("g", b, next.generationId(), Map.of(b, "all"))).errorCode()).isZero();
    }

    @Test
    void aStableFetchHoldsBackAPartitionWhileATransactionsOffsetForItIsWrittenOrCompleted() throws Exception {
        get(f.commit("g", -1, "", Map.of("orders", Map.of(0, 10L))));
        log.holdDurability();
        CompletableFuture<TxnOffsetCommitResponseData> pending = f.coordinator().txnOffsetCommit(client((short) 3),
            new TxnOffsetCommitRequestData().setGroupId("g").setProducerId(7).setProducerEpoch((short) 0)
                .setMemberId("").setGenerationIdOrMemberEpoch(-1).setTopics(List.of(
                    new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("orders").setPartitions(
                        List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                            .setPartitionIndex(0).setCommittedOffset(20L))))));
        assertThat(stableFetch("g")).as("being written").containsExactly(-1L, (long) UNSTABLE);
        log.releaseDurability();
        assertThat(get(pending).topics().get(0).partitions().get(0).errorCode()).isZero();
        assertThat(stableFetch("g")).as("pending").containsExactly(-1L, (long) UNSTABLE);

        log.holdDurability();
        CompletableFuture<Void> completed = f.coordinator().completeTransaction("g", 7, true);
        assertThat(stableFetch("g")).as("completion being written").containsExactly(-1L, (long) UNSTABLE);
        assertThat(f.fetchedUnstable("g")).as("without require_stable: the durable offset")
            .containsEntry("orders-0", 10L);
        log.releaseDurability();
        get(completed);
        assertThat(stableFetch("g")).containsExactly(20L, 0L);
    }

    /** OffsetFetch v8 of orders-0 with require_stable: {offset, error}. */
    private List<Long> stableFetch(String group) throws Exception {
        OffsetFetchResponseData response = get(f.coordinator().offsetFetch(client((short) 8),
            new OffsetFetchRequestData().setRequireStable(true).setGroups(List.of(
                new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("orders")
                        .setPartitionIndexes(List.of(0))))))));
        var p = response.groups().get(0).topics().get(0).partitions().get(0);
        return List.of(p.committedOffset(), (long) p.errorCode());
    }
}
