package io.freshet.coordinator.group;

import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.ScriptedStateLog;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.log.LogStore;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A group coordinator with requests as a client sends them, on a manual clock: on real storage in a temporary
 * directory, or on a {@link ScriptedStateLog} that fails writes on demand. The topics are a fixed map.
 */
final class CoordinatorFixture implements AutoCloseable {

    static final short JOIN_V = 9;
    static final Map<String, Integer> TOPICS = Map.of("orders", 6, "payments", 2);

    /** The topics, the same across restarts (KIP-848 members name them by id). */
    final FakeTopics topics = new FakeTopics();
    private final GroupCoordinatorRunner runner;

    {
        TOPICS.forEach(topics::create);
    }

    CoordinatorFixture(Path dir, GroupConfig config) throws Exception {
        this(dir, config, StorageIo.SYSTEM);
    }

    /** On real storage whose file operations go through {@code io} (e.g. a FaultyStorageIo). */
    CoordinatorFixture(Path dir, GroupConfig config, StorageIo io) throws Exception {
        runner = GroupCoordinatorRunner.onStorage(dir, io, topics, config);
    }

    CoordinatorFixture(ScriptedStateLog log, GroupConfig config) {
        runner = GroupCoordinatorRunner.onScriptedLog(log, topics, config);
    }

    /** Settings for fast tests: short minimum session timeout, no initial rebalance delay. */
    static GroupConfig fastConfig(long checkpointBytes) {
        GroupConfig d = GroupConfig.defaults();
        return new GroupConfig(100, d.maxSessionTimeoutMs(), 0, 3, 64, d.consumerSessionTimeoutMs(),
            d.consumerHeartbeatIntervalMs(), d.consumerAssignors(), checkpointBytes, d.offsetsRetentionMs(),
            d.offsetsRetentionCheckMs());
    }

    GroupCoordinator coordinator() {
        return runner.coordinator();
    }

    LogStore store() {
        return runner.store();
    }

    /** See {@link GroupCoordinatorRunner#restart}. */
    void restart() throws Exception {
        runner.restart();
    }

    /** See {@link GroupCoordinatorRunner#advance}. */
    void advance(long ms) throws Exception {
        runner.advance(ms);
    }

    @Override
    public void close() throws Exception {
        runner.close();
    }

    static ClientInfo client(short version) {
        return new ClientInfo("test-client", "/127.0.0.1", version);
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static JoinGroupRequestData joinRequest(String group, String memberId, String instanceId, int sessionTimeoutMs,
                                           String... protocols) {
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId(group).setMemberId(memberId)
            .setGroupInstanceId(instanceId).setSessionTimeoutMs(sessionTimeoutMs).setRebalanceTimeoutMs(2_000)
            .setProtocolType("consumer");
        for (String p : protocols.length == 0 ? new String[] {"range"} : protocols) {
            request.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(p)
                .setMetadata(("meta-" + p).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** Sends a JoinGroup (future: completes when the rebalance does). */
    CompletableFuture<JoinGroupResponseData> join(String group, String memberId, String instanceId,
                                                  int sessionTimeoutMs) {
        return coordinator().joinGroup(client(JOIN_V), joinRequest(group, memberId, instanceId, sessionTimeoutMs));
    }

    /** The two-step join of a dynamic member (KIP-394): the id first, then the real join. */
    String newMemberId(String group, int sessionTimeoutMs) throws Exception {
        JoinGroupResponseData first = get(join(group, "", null, sessionTimeoutMs));
        return first.memberId();
    }

    CompletableFuture<SyncGroupResponseData> sync(String group, String memberId, int generation,
                                                  Map<String, String> assignments) {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(group).setMemberId(memberId)
            .setGenerationId(generation).setProtocolType("consumer").setProtocolName("range");
        assignments.forEach((member, assignment) -> request.assignments().add(
            new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(member)
                .setAssignment(assignment.getBytes(StandardCharsets.UTF_8))));
        return coordinator().syncGroup(client((short) 5), request);
    }

    short heartbeat(String group, String memberId, String instanceId, int generation) throws Exception {
        return get(coordinator().heartbeat(client((short) 4), new HeartbeatRequestData().setGroupId(group)
            .setMemberId(memberId).setGroupInstanceId(instanceId).setGenerationId(generation))).errorCode();
    }

    /** Sends an OffsetCommit v8; the future completes once it is answered (durable, or refused). */
    CompletableFuture<OffsetCommitResponseData> commit(String group, int generation, String member,
                                                       Map<String, Map<Integer, Long>> offsets) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(group)
            .setGenerationIdOrMemberEpoch(generation).setMemberId(member);
        offsets.forEach((t, byPartition) -> request.topics().add(topic(t, byPartition)));
        return coordinator().offsetCommit(client((short) 8), request);
    }

    static OffsetCommitRequestData.OffsetCommitRequestTopic topic(String name, Map<Integer, Long> offsets) {
        OffsetCommitRequestData.OffsetCommitRequestTopic topic =
            new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(name);
        offsets.forEach((p, o) -> topic.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition()
            .setPartitionIndex(p).setCommittedOffset(o)));
        return topic;
    }

    static List<Short> errors(OffsetCommitResponseData response) {
        return response.topics().stream().flatMap(t -> t.partitions().stream())
            .map(OffsetCommitResponseData.OffsetCommitResponsePartition::errorCode).toList();
    }

    /** Every committed offset of the group, "topic-partition" -> offset (OffsetFetch v7, all topics, stable). */
    Map<String, Long> fetched(String group) throws Exception {
        return fetched(group, true);
    }

    /** The same without require_stable: offsets pending in a transaction do not hold anything back. */
    Map<String, Long> fetchedUnstable(String group) throws Exception {
        return fetched(group, false);
    }

    private Map<String, Long> fetched(String group, boolean requireStable) throws Exception {
        OffsetFetchResponseData response = get(coordinator().offsetFetch(client((short) 7),
            new OffsetFetchRequestData().setGroupId(group).setTopics(null).setRequireStable(requireStable)));
        if (response.errorCode() != 0) {
            throw new AssertionError("OffsetFetch of " + group + " failed: " + Errors.forCode(response.errorCode()));
        }
        Map<String, Long> out = new TreeMap<>();
        response.topics().forEach(t -> t.partitions().forEach(p ->
            out.put(t.name() + "-" + p.partitionIndex(), p.committedOffset())));
        return out;
    }

    /** The group's state as ListGroups reports it, "absent" when it is not listed. */
    String state(String group) throws Exception {
        ListGroupsResponseData listed = get(coordinator().listGroups(client((short) 5), new ListGroupsRequestData()));
        return listed.groups().stream().filter(g -> g.groupId().equals(group)).findFirst()
            .map(ListGroupsResponseData.ListedGroup::groupState).orElse("absent");
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> memberIds(JoinGroupResponseData response) {
        return response.members().stream().map(JoinGroupResponseData.JoinGroupResponseMember::memberId).toList();
    }

}
