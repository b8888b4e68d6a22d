package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorRuntime;
import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.classic.ClassicDescriptions;
import io.freshet.coordinator.log.OffsetValue;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
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

    private final CoordinatorRuntime runtime;

    public TxnOffsetService(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    public CompletableFuture<TxnOffsetCommitResponseData> commit(ClientInfo client,
                                                                 TxnOffsetCommitRequestData request) {
        Errors groupError = commitAllowed(request);
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<TopicPartition, OffsetValue> accepted = new HashMap<>();
        List<TxnOffsetCommitResponsePartition> written = new ArrayList<>();
        long now = runtime.time().milliseconds();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic topicResponse = new TxnOffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicResponse);
            OptionalInt partitions = runtime.topics().partitionCount(topic.name());
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : topic.partitions()) {
                TxnOffsetCommitResponsePartition partitionResponse = new TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                Errors error = OffsetCommitChecks.partitionError(runtime, groupError, partitions, p.partitionIndex(),
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
        Map<TopicPartition, OffsetValue> all = runtime.pendingOffsets().put(request.groupId(), request.producerId(),
            accepted);
        StateRecord record = PendingOffsetStore.record(request.groupId(), request.producerId(), all);
        return runtime.write(record).handle((v, error) -> {
            if (error != null) {
                written.forEach(p -> p.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
            }
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
        Optional<Group> group = runtime.groups().get(groupId);
        if (group.isEmpty()) {
            if (!anonymous) {
                return Errors.ILLEGAL_GENERATION;
            }
            runtime.groups().put(ClassicDescriptions.offsetsOnly(groupId));
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
     * (abort), in one durable write. Called again after a restart for a transaction that was being completed:
     * with nothing pending it writes nothing.
     */
    public CompletableFuture<Void> complete(String groupId, long producerId, boolean commit) {
        Map<TopicPartition, OffsetValue> pending = runtime.pendingOffsets().take(groupId, producerId);
        if (pending.isEmpty()) {
            return runtime.durableSoFar();
        }
        List<StateRecord> records = new ArrayList<>();
        if (commit) {
            if (runtime.groups().get(groupId).isEmpty()) {
                runtime.groups().put(ClassicDescriptions.offsetsOnly(groupId));
            }
            pending.forEach((tp, value) -> {
                runtime.offsets().put(groupId, tp, value);
                records.add(new StateRecord(new StateKey.Offset(groupId, tp.topic(), tp.partition()), value));
            });
        }
        records.add(StateRecord.tombstone(new StateKey.PendingOffsets(groupId, producerId)));
        return runtime.write(records);
    }
}
