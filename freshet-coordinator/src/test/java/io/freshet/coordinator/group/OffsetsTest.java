package io.freshet.coordinator.group;

import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.freshet.coordinator.group.CoordinatorFixture.client;
import static io.freshet.coordinator.group.CoordinatorFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Committed offsets: who may commit, what is refused, what a fetch returns, and that it all survives restarts. */
@Timeout(60)
class OffsetsTest {

    @TempDir
    Path dir;
    private CoordinatorFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void offsetsCommittedFromOutsideAGroupAreReadBackAndSurviveARestart() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20));
        OffsetCommitResponseData committed = commit("reader", -1, "", Map.of("orders", Map.of(0, 42L, 5, 7L)));
        assertThat(errors(committed)).containsOnly(Errors.NONE.code());

        assertThat(fetched("reader")).containsEntry("orders-0", 42L).containsEntry("orders-5", 7L).hasSize(2);
        f.restart();
        assertThat(fetched("reader")).containsEntry("orders-0", 42L).containsEntry("orders-5", 7L).hasSize(2);
        assertThat(fetchedVersion8("reader", "orders", 0, 1)).containsExactly(42L, -1L);
    }

    @Test
    void commitsForUnknownPartitionsOrWithTooMuchMetadataAreRefusedOneByOne() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20));
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId("g").setGenerationIdOrMemberEpoch(-1)
            .setMemberId("");
        request.topics().add(topic("orders", Map.of(1, 10L, 6, 10L)));
        request.topics().add(topic("nope", Map.of(0, 1L)));
        OffsetCommitRequestData.OffsetCommitRequestTopic big = topic("payments", Map.of(0, 5L));
        big.partitions().get(0).setCommittedMetadata("x".repeat(65));
        request.topics().add(big);
        OffsetCommitResponseData response = get(f.coordinator().offsetCommit(client((short) 8), request));

        Map<String, Short> byPartition = new TreeMap<>();
        response.topics().forEach(t -> t.partitions().forEach(p ->
            byPartition.put(t.name() + "-" + p.partitionIndex(), p.errorCode())));
        assertThat(byPartition).containsEntry("orders-1", Errors.NONE.code())
            .containsEntry("orders-6", Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
            .containsEntry("nope-0", Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
            .containsEntry("payments-0", Errors.OFFSET_METADATA_TOO_LARGE.code());
        assertThat(fetched("g")).containsOnlyKeys("orders-1");
    }

    @Test
    void onlyTheCurrentGenerationMayCommitForAnActiveGroup() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20));
        String member = f.newMemberId("g", 10_000);
        JoinGroupResponseData joined = get(f.join("g", member, null, 10_000));
        get(f.sync("g", member, joined.generationId(), Map.of(member, "x")));

        assertThat(errors(commit("g", joined.generationId(), member, Map.of("orders", Map.of(0, 3L)))))
            .containsOnly(Errors.NONE.code());
        assertThat(errors(commit("g", joined.generationId() + 1, member, Map.of("orders", Map.of(0, 4L)))))
            .containsOnly(Errors.ILLEGAL_GENERATION.code());
        assertThat(errors(commit("g", joined.generationId(), "stranger", Map.of("orders", Map.of(0, 4L)))))
            .containsOnly(Errors.UNKNOWN_MEMBER_ID.code());
        // An admin reset (no member, no generation) is refused while the group has members.
        assertThat(errors(commit("g", -1, "", Map.of("orders", Map.of(0, 4L)))))
            .containsOnly(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(fetched("g")).containsEntry("orders-0", 3L);

        DeleteGroupsResponseData refused = get(f.coordinator().deleteGroups(client((short) 2),
            new DeleteGroupsRequestData().setGroupsNames(List.of("g", "unknown"))));
        assertThat(refused.results()).extracting(r -> r.errorCode())
            .containsExactly(Errors.NON_EMPTY_GROUP.code(), Errors.GROUP_ID_NOT_FOUND.code());
        OffsetDeleteResponseData subscribed = get(f.coordinator().offsetDelete(client((short) 0),
            new OffsetDeleteRequestData().setGroupId("g").setTopics(new OffsetDeleteRequestData
                .OffsetDeleteRequestTopicCollection(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                .setName("orders").setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                    .setPartitionIndex(0)))).iterator()))));
        assertThat(subscribed.errorCode()).isZero();
        // The member's metadata is not a real consumer subscription, so no topic is protected and the delete works.
        assertThat(fetched("g")).doesNotContainKey("orders-0");
    }

    @Test
    void deletingAnEmptyGroupRemovesItsOffsetsDurably() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20));
        commit("old", -1, "", Map.of("orders", Map.of(0, 1L, 1, 2L)));
        DeleteGroupsResponseData deleted = get(f.coordinator().deleteGroups(client((short) 2),
            new DeleteGroupsRequestData().setGroupsNames(List.of("old"))));
        assertThat(deleted.results()).singleElement().satisfies(r -> assertThat(r.errorCode()).isZero());
        f.restart();
        assertThat(fetched("old")).isEmpty();
    }

    @Test
    void checkpointsBoundTheInternalLogAndKeepTheLatestOffsets() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(16 * 1024));
        for (long i = 1; i <= 600; i++) {
            commit("busy", -1, "", Map.of("orders", Map.of((int) (i % 6), i)));
        }
        long logStart = f.store().log(GroupLogFormat.PARTITION).orElseThrow().logStartOffset();
        assertThat(logStart).as("older records dropped after a checkpoint").isPositive();
        f.restart();
        assertThat(fetched("busy")).containsEntry("orders-0", 600L).containsEntry("orders-1", 595L)
            .containsEntry("orders-5", 599L).hasSize(6);
    }

    @Test
    void offsetsOfAGroupWithoutMembersExpireAfterTheRetentionButAnActiveGroupKeepsItsOwn() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20).withOffsetsRetention(1_500, 100));
        String member = f.newMemberId("active", 10_000);
        JoinGroupResponseData joined = get(f.join("active", member, null, 10_000));
        get(f.sync("active", member, joined.generationId(), Map.of(member, "x")));
        commit("active", joined.generationId(), member, Map.of("orders", Map.of(0, 5L)));
        commit("idle", -1, "", Map.of("orders", Map.of(1, 9L)));
        assertThat(fetched("idle")).containsEntry("orders-1", 9L);

        f.advance(1_000);
        assertThat(fetched("idle")).as("committed 1 s ago: kept").containsEntry("orders-1", 9L);
        f.advance(600);
        // The tombstones are answered once durable: OffsetFetch shows the offset until then.
        await().atMost(Duration.ofSeconds(10)).until(() -> fetched("idle").isEmpty());
        assertThat(fetched("active")).as("kept: the group has a member").containsEntry("orders-0", 5L);
        get(f.coordinator().leaveGroup(CoordinatorFixture.client((short) 5), new LeaveGroupRequestData()
            .setGroupId("active").setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(member)))));
        f.advance(700);
        assertThat(fetched("active")).as("empty only just now: its retention counts from then")
            .containsEntry("orders-0", 5L);
        f.restart();
        assertThat(fetched("idle")).isEmpty();
    }

    @Test
    void aCommitThatCannotBeWrittenIsRefusedAndTheLastDurableOffsetSurvivesTheRestart() throws Exception {
        f = new CoordinatorFixture(dir, CoordinatorFixture.fastConfig(64L << 20));
        assertThat(errors(commit("g", -1, "", Map.of("orders", Map.of(0, 595L))))).containsOnly(Errors.NONE.code());
        f.store().close(); // the storage is gone: appends to __consumer_offsets-0 now fail

        assertThat(errors(commit("g", -1, "", Map.of("orders", Map.of(0, 4785L)))))
            .containsOnly(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(fetched("g")).containsExactlyEntriesOf(Map.of("orders-0", 595L));
        f.restart();
        assertThat(fetched("g")).as("what OffsetFetch said before the restart").containsExactlyEntriesOf(
            Map.of("orders-0", 595L));
    }

    private OffsetCommitResponseData commit(String group, int generation, String member,
                                            Map<String, Map<Integer, Long>> offsets) throws Exception {
        return get(f.commit(group, generation, member, offsets));
    }

    private static OffsetCommitRequestData.OffsetCommitRequestTopic topic(String name, Map<Integer, Long> offsets) {
        return CoordinatorFixture.topic(name, offsets);
    }

    private static List<Short> errors(OffsetCommitResponseData response) {
        return CoordinatorFixture.errors(response);
    }

    private Map<String, Long> fetched(String group) throws Exception {
        return f.fetched(group);
    }

    private List<Long> fetchedVersion8(String group, String topic, Integer... partitions) throws Exception {
        OffsetFetchResponseData response = get(f.coordinator().offsetFetch(client((short) 8),
            new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId(group).setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setName(topic).setPartitionIndexes(List.of(partitions))))))));
        return response.groups().get(0).topics().get(0).partitions().stream()
            .map(OffsetFetchResponseData.OffsetFetchResponsePartitions::committedOffset).toList();
    }
}
