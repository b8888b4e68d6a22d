package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorRuntime;
import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.classic.ClassicDescriptions;
import io.freshet.coordinator.log.OffsetValue;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit, OffsetFetch and OffsetDelete for groups of both protocols. The group decides who may commit
 * ({@link Group#validateOffsetCommit}); this class checks partitions and sizes, writes, and answers once the
 * write is durable. Reads wait for every earlier write to be durable, so an answer never shows an offset that a
 * crash could take back. Coordinator thread only.
 */
public final class OffsetService {

    private final CoordinatorRuntime runtime;
    /** When the expiry check last saw each group with members (offsets.retention.minutes counts from there). */
    private final Map<String, Long> lastActiveMs = new java.util.HashMap<>();
    private final long startedMs;
    private final OffsetFetchResponses fetchResponses = new OffsetFetchResponses();

    public OffsetService(CoordinatorRuntime runtime) {
        this.runtime = runtime;
        this.startedMs = runtime.time().milliseconds();
    }

    // ------------------------------------------------------------------------------------------------ commit

    public CompletableFuture<OffsetCommitResponseData> commit(ClientInfo client, OffsetCommitRequestData request) {
        Errors groupError = commitAllowed(client, request);
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<StateRecord> records = new ArrayList<>();
        List<OffsetCommitResponsePartition> written = new ArrayList<>();
        long now = runtime.time().milliseconds();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicResponse);
            OptionalInt partitions = runtime.topics().partitionCount(topic.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponsePartition partitionResponse = new OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                Errors error = OffsetCommitChecks.partitionError(runtime, groupError, partitions, p.partitionIndex(),
                    metadata);
                partitionResponse.setErrorCode(error.code());
                if (error == Errors.NONE) {
                    OffsetValue value = new OffsetValue(p.committedOffset(), p.committedLeaderEpoch(), metadata, now);
                    runtime.offsets().put(request.groupId(), new TopicPartition(topic.name(), p.partitionIndex()),
                        value);
                    records.add(new StateRecord(new StateKey.Offset(request.groupId(), topic.name(),
                        p.partitionIndex()), value));
                    written.add(partitionResponse);
                }
            }
        }
        return runtime.write(records).handle((v, error) -> {
            if (error != null) {
                written.forEach(p -> p.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
            }
            return response;
        });
    }

    private Errors commitAllowed(ClientInfo client, OffsetCommitRequestData request) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        Optional<Group> group = runtime.groups().get(groupId);
        if (group.isEmpty()) {
            if (request.generationIdOrMemberEpoch() >= 0) {
                return Errors.ILLEGAL_GENERATION; // a generation of a group that does not exist
            }
            // Committed from outside any group (assign() consumers, admin tools): the group holds only offsets.
            runtime.groups().put(ClassicDescriptions.offsetsOnly(groupId));
            return Errors.NONE;
        }
        return group.get().validateOffsetCommit(request.memberId(), request.groupInstanceId(),
            request.generationIdOrMemberEpoch(), client.apiVersion());
    }

    // ------------------------------------------------------------------------------------------------ fetch

    public CompletableFuture<OffsetFetchResponseData> fetch(ClientInfo client, OffsetFetchRequestData request) {
        return runtime.durableSoFar().thenApply(v -> client.apiVersion() >= 8
            ? fetchGroups(request)
            : fetchOneGroup(request, client.apiVersion()));
    }

    private OffsetFetchResponseData fetchGroups(OffsetFetchRequestData request) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup g : request.groups()) {
            Map<String, List<Integer>> wanted = null;
            if (g.topics() != null) {
                wanted = new TreeMap<>();
                for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                    wanted.computeIfAbsent(t.name(), n -> new ArrayList<>()).addAll(t.partitionIndexes());
                }
            }
            Errors error = fetchAllowed(g.groupId(), g.memberId(), g.memberEpoch());
            response.groups().add(fetchResponses.group(g.groupId(), error,
                error == Errors.NONE ? runtime.offsets().ofGroup(g.groupId()) : Map.of(), wanted,
                unstable(g.groupId(), request.requireStable() && error == Errors.NONE)));
        }
        return response;
    }

    private OffsetFetchResponseData fetchOneGroup(OffsetFetchRequestData request, short version) {
        Map<String, List<Integer>> wanted = null;
        if (request.topics() != null) {
            wanted = new TreeMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                wanted.computeIfAbsent(t.name(), n -> new ArrayList<>()).addAll(t.partitionIndexes());
            }
        }
        Errors error = fetchAllowed(request.groupId(), null, -1);
        return fetchResponses.single(error, error == Errors.NONE ? runtime.offsets().ofGroup(request.groupId())
            : Map.of(), wanted, unstable(request.groupId(), request.requireStable() && error == Errors.NONE));
    }

    /** Partitions a stable read must not answer yet (KIP-447): a transaction has offsets pending for them. */
    private Set<TopicPartition> unstable(String groupId, boolean requireStable) {
        return requireStable ? runtime.pendingOffsets().pendingPartitions(groupId) : Set.of();
    }

    private Errors fetchAllowed(String groupId, String memberId, int memberEpoch) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        if (memberId == null) {
            return Errors.NONE;
        }
        return runtime.groups().get(groupId).map(g -> g.validateOffsetFetch(memberId, memberEpoch))
            .orElse(Errors.NONE);
    }

    // ------------------------------------------------------------------------------------------------ delete

    /**
     * offsets.retention.minutes: a committed offset of a group without members is deleted once both its commit and
     * the group's last activity are older than the retention; a group left with neither members nor offsets is
     * removed. Active groups keep theirs. Activity is seen by these checks and is not persisted: after a restart
     * every group counts as active at start-up, which only delays expiry.
     */
    public CompletableFuture<Void> expireOffsets() {
        long now = runtime.time().milliseconds();
        long cutoff = now - runtime.config().offsetsRetentionMs();
        List<StateRecord> tombstones = new ArrayList<>();
        for (String group : List.copyOf(runtime.offsets().groups())) {
            Optional<Group> owner = runtime.groups().get(group);
            if (owner.isPresent() && !owner.get().isEmpty()) {
                lastActiveMs.put(group, now);
                continue;
            }
            if (lastActiveMs.getOrDefault(group, startedMs) >= cutoff) {
                continue;
            }
            for (Map.Entry<TopicPartition, OffsetValue> e : List.copyOf(runtime.offsets().ofGroup(group).entrySet())) {
                if (e.getValue().commitTimestampMs() < cutoff) {
                    runtime.offsets().remove(group, e.getKey());
                    tombstones.add(StateRecord.tombstone(new StateKey.Offset(group, e.getKey().topic(),
                        e.getKey().partition())));
                }
            }
            if (!runtime.offsets().hasOffsets(group)) {
                lastActiveMs.remove(group);
                if (owner.isPresent()) {
                    runtime.groups().remove(group);
                    tombstones.add(StateRecord.tombstone(new StateKey.Group(group)));
                }
            }
        }
        return runtime.write(tombstones);
    }

    /** Forgets every group's committed offsets of the topics {@code gone} accepts (they were deleted). */
    public CompletableFuture<Void> forgetTopics(java.util.function.Predicate<String> gone) {
        List<StateRecord> tombstones = new ArrayList<>();
        for (String group : List.copyOf(runtime.offsets().groups())) {
            for (TopicPartition tp : List.copyOf(runtime.offsets().ofGroup(group).keySet())) {
                if (gone.test(tp.topic())) {
                    runtime.offsets().remove(group, tp);
                    tombstones.add(StateRecord.tombstone(new StateKey.Offset(group, tp.topic(), tp.partition())));
                }
            }
        }
        return runtime.write(tombstones);
    }

    public CompletableFuture<OffsetDeleteResponseData> delete(ClientInfo client, OffsetDeleteRequestData request) {
        Optional<Group> group = runtime.groups().get(request.groupId());
        if (group.isEmpty()) {
            return CompletableFuture.completedFuture(
                new OffsetDeleteResponseData().setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
        }
        Set<String> protectedTopics = group.get().isEmpty() ? Set.of() : group.get().subscribedTopics();
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        List<StateRecord> tombstones = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic topicResponse =
                new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            response.topics().add(topicResponse);
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                Errors error = Errors.NONE;
                if (protectedTopics.contains(topic.name())) {
                    error = Errors.GROUP_SUBSCRIBED_TO_TOPIC;
                } else if (runtime.topics().partitionCount(topic.name()).isEmpty()) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    if (runtime.offsets().get(request.groupId(), tp).isPresent()) {
                        runtime.offsets().remove(request.groupId(), tp);
                        tombstones.add(StateRecord.tombstone(new StateKey.Offset(request.groupId(), topic.name(),
                            p.partitionIndex())));
                    }
                }
                topicResponse.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
        }
        return runtime.write(tombstones).handle((v, error) -> error == null ? response
            : new OffsetDeleteResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
    }
}
