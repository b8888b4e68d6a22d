package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupLoader;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorResult;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Transactional offsets (KIP-98, KIP-447): TxnOffsetCommit stores them as pending per (group, producer id), and
 * the transaction coordinator later commits or drops them all at once. Until then OffsetFetch with
 * require_stable reports those partitions as UNSTABLE_OFFSET_COMMIT. Coordinator thread only.
 */
public final class TxnOffsetService {

    private final GroupContext context;
    private final GroupLoader groupLoader;

    public TxnOffsetService(GroupContext context, GroupLoader groupLoader) {
        this.context = context;
        this.groupLoader = groupLoader;
    }

    public CompletableFuture<TxnOffsetCommitResponseData> commit(ClientInfo client,
                                                                 TxnOffsetCommitRequestData request) {
        Errors groupError = commitAllowed(request);
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<TopicPartition, OffsetValue> accepted = new HashMap<>();
        List<TxnOffsetCommitResponsePartition> written = new ArrayList<>();
        long now = context.time().milliseconds();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic topicResponse = new TxnOffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicResponse);
            OptionalInt partitions = context.topics().partitionCount(topic.name());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                TxnOffsetCommitResponsePartition partitionResponse = new TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                Errors error = OffsetCommitChecks.partitionError(context, groupError, partitions, p.partitionIndex(),
                    metadata);
                partitionResponse.setErrorCode(error.code());
                if (error == Errors.NONE) {
                    accepted.put(new TopicPartition(topic.name(), p.partitionIndex()),
                        new OffsetValue(p.committedOffset(), p.committedLeaderEpoch(), metadata, now));
                    written.add(partitionResponse);
                }
            }
        }
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        Map<TopicPartition, OffsetValue> all = new HashMap<>(context.pendingOffsets().get(request.groupId(),
            request.producerId()));
        all.putAll(accepted);
        StateRecord record = PendingOffsetStore.record(request.groupId(), request.producerId(), all);
        return context.write(new CoordinatorResult<>(List.of(record), response)).exceptionally(error -> {
            Errors failed = CoordinatorErrors.of(error, "TxnOffsetCommit of group " + request.groupId());
            written.forEach(p -> p.setErrorCode(failed.code()));
            return response;
        });
    }

    /**
     * v0-2 carry no member: the commit is accepted as Kafka does. v3+ name the member and its generation (classic)
     * or member epoch (KIP-848), checked like an OffsetCommit of the latest version, so a zombie member that lost
     * its partitions cannot commit for them (KIP-447).
     */
    private Errors commitAllowed(TxnOffsetCommitRequestData request) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        boolean anonymous = (request.memberId() == null || request.memberId().isEmpty())
            && request.generationIdOrMemberEpoch() < 0;
        Optional<Group> group = context.groups().get(groupId);
        if (group.isEmpty()) {
            if (!anonymous) {
                return Errors.ILLEGAL_GENERATION;
            }
            context.groups().put(groupLoader.offsetsOnly(groupId));
            return Errors.NONE;
        }
        if (anonymous) {
            return Errors.NONE;
        }
        return group.get().validateOffsetCommit(request.memberId(), request.groupInstanceId(),
            request.generationIdOrMemberEpoch(), Short.MAX_VALUE);
    }

    /**
     * Ends a producer's transaction for a group: its pending offsets become committed (commit) or are dropped
     * (abort), in one write. Called again after a restart for a transaction that was being completed: with nothing
     * pending it writes nothing, and completes once the writes before it (perhaps the first completion) are durable.
     */
    public CompletableFuture<Void> complete(String groupId, long producerId, boolean commit) {
        Map<TopicPartition, OffsetValue> pending = context.pendingOffsets().get(groupId, producerId);
        if (pending.isEmpty()) {
            return context.write(List.of());
        }
        List<StateRecord> records = new ArrayList<>();
        if (commit) {
            if (context.groups().get(groupId).isEmpty()) {
                context.groups().put(groupLoader.offsetsOnly(groupId));
            }
            pending.forEach((tp, value) -> records.add(new StateRecord(OffsetKey.of(groupId, tp), value)));
        }
        records.add(StateRecord.tombstone(new PendingOffsetsKey(groupId, producerId)));
        return context.write(records);
    }
}
