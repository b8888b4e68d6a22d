package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupLoader;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorResult;
import io.freshet.coordinator.runtime.StateRecord;
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
 * ({@link Group#validateOffsetCommit}); this class checks partitions and sizes and yields the records; the runtime
 * applies them, and the answer waits until they are durable. OffsetFetch answers from the committed view, never
 * with an offset a crash or a failed write could take back; with require_stable it also holds back partitions whose
 * offset a transaction may be changing ({@link PendingOffsetStore#unstablePartitions}). Coordinator thread only.
 */
public final class OffsetService {

    private final GroupContext context;
    private final GroupLoader groupLoader;
    private final OffsetFetchResponses fetchResponses = new OffsetFetchResponses();

    public OffsetService(GroupContext context, GroupLoader groupLoader) {
        this.context = context;
        this.groupLoader = groupLoader;
    }

    // ------------------------------------------------------------------------------------------------ commit

    public CompletableFuture<OffsetCommitResponseData> commit(ClientInfo client, OffsetCommitRequestData request) {
        Errors groupError = commitAllowed(client, request);
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<StateRecord> records = new ArrayList<>();
        List<OffsetCommitResponsePartition> written = new ArrayList<>();
        long now = context.time().milliseconds();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicResponse);
            OptionalInt partitions = context.topics().partitionCount(topic.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponsePartition partitionResponse = new OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                Errors error = OffsetCommitChecks.partitionError(context, groupError, partitions, p.partitionIndex(),
                    metadata);
                partitionResponse.setErrorCode(error.code());
                if (error == Errors.NONE) {
                    records.add(new StateRecord(new OffsetKey(request.groupId(), topic.name(), p.partitionIndex()),
                        new OffsetValue(p.committedOffset(), p.committedLeaderEpoch(), metadata, now)));
                    written.add(partitionResponse);
                }
            }
        }
        return context.write(new CoordinatorResult<>(records, response)).exceptionally(error -> {
            Errors failed = CoordinatorErrors.of(error, "OffsetCommit of group " + request.groupId());
            written.forEach(p -> p.setErrorCode(failed.code()));
            return response;
        });
    }

    private Errors commitAllowed(ClientInfo client, OffsetCommitRequestData request) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        Optional<Group> group = context.groups().get(groupId);
        if (group.isEmpty()) {
            if (request.generationIdOrMemberEpoch() >= 0) {
                return Errors.ILLEGAL_GENERATION; // a generation of a group that does not exist
            }
            // Committed from outside any group (assign() consumers, admin tools): the group holds only offsets.
            context.groups().put(groupLoader.offsetsOnly(groupId));
            return Errors.NONE;
        }
        return group.get().validateOffsetCommit(request.memberId(), request.groupInstanceId(),
            request.generationIdOrMemberEpoch(), client.apiVersion());
    }

    // ------------------------------------------------------------------------------------------------ fetch

    /** Answers at once, from the committed view: a commit still being written is not shown until it is durable. */
    public CompletableFuture<OffsetFetchResponseData> fetch(ClientInfo client, OffsetFetchRequestData request) {
        return CompletableFuture.completedFuture(client.apiVersion() >= 8
            ? fetchGroups(request)
            : fetchOneGroup(request));
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
            response.groups().add(fetchResponses.group(g.groupId(), error, committed(g.groupId(), error), wanted,
                unstable(g.groupId(), request.requireStable() && error == Errors.NONE)));
        }
        return response;
    }

    private OffsetFetchResponseData fetchOneGroup(OffsetFetchRequestData request) {
        Map<String, List<Integer>> wanted = null;
        if (request.topics() != null) {
            wanted = new TreeMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                wanted.computeIfAbsent(t.name(), n -> new ArrayList<>()).addAll(t.partitionIndexes());
            }
        }
        Errors error = fetchAllowed(request.groupId(), null, -1);
        return fetchResponses.single(error, committed(request.groupId(), error), wanted,
            unstable(request.groupId(), request.requireStable() && error == Errors.NONE));
    }

    private Map<TopicPartition, OffsetValue> committed(String groupId, Errors error) {
        return error == Errors.NONE ? context.offsets().committedOfGroup(groupId, context.committed()) : Map.of();
    }

    /** Partitions a stable read must not answer yet (KIP-447): a transaction has offsets pending for them. */
    private Set<TopicPartition> unstable(String groupId, boolean requireStable) {
        return requireStable ? context.pendingOffsets().unstablePartitions(groupId, context.committed()) : Set.of();
    }

    private Errors fetchAllowed(String groupId, String memberId, int memberEpoch) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        if (memberId == null) {
            return Errors.NONE;
        }
        return context.groups().get(groupId).map(g -> g.validateOffsetFetch(memberId, memberEpoch))
            .orElse(Errors.NONE);
    }

    // ------------------------------------------------------------------------------------------------ delete

    public CompletableFuture<OffsetDeleteResponseData> delete(ClientInfo client, OffsetDeleteRequestData request) {
        Optional<Group> group = context.groups().get(request.groupId());
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
                } else if (context.topics().partitionCount(topic.name()).isEmpty()) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (context.offsets().get(request.groupId(),
                    new TopicPartition(topic.name(), p.partitionIndex())).isPresent()) {
                    tombstones.add(StateRecord.tombstone(new OffsetKey(request.groupId(), topic.name(),
                        p.partitionIndex())));
                }
                topicResponse.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
        }
        return context.write(new CoordinatorResult<>(tombstones, response)).exceptionally(error ->
            new OffsetDeleteResponseData().setErrorCode(
                CoordinatorErrors.of(error, "OffsetDelete of group " + request.groupId()).code()));
    }
}
