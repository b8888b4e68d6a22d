package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The share-group offset operations (DescribeShareGroupOffsets, AlterShareGroupOffsets, DeleteShareGroupOffsets,
 * DeleteGroups): reads answer with the durable state (the committed view), changes are answered once durable. The
 * caller has checked that the group has no members where that matters. Share coordinator thread only.
 */
final class ShareOffsetsAdmin {

    private final CoordinatorRuntime runtime;
    private final ShareStateStore store;
    private final PartitionTimers timers;

    ShareOffsetsAdmin(CoordinatorRuntime runtime, ShareStateStore store, PartitionTimers timers) {
        this.runtime = runtime;
        this.store = store;
        this.timers = timers;
    }

    Map<TopicPartition, Long> startOffsets(String groupId, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            ShareSnapshot durable = durable(groupId, tp);
            out.put(tp, durable == null ? -1L : durable.startOffset());
        }
        return out;
    }

    Map<TopicPartition, ShareStates.ShareOffsets> offsets(String groupId, Collection<TopicPartition> partitions) {
        Map<TopicPartition, ShareStates.ShareOffsets> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            ShareSnapshot durable = durable(groupId, tp);
            if (durable != null) {
                out.put(tp, new ShareStates.ShareOffsets(durable.startOffset(), durable.doneRecords()));
            }
        }
        return out;
    }

    /** New start offsets, with no in-flight state; a partition without state gets one (its topic id comes later). */
    CompletableFuture<Map<TopicPartition, Errors>> alterStartOffsets(String groupId,
                                                                     Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Errors> out = new LinkedHashMap<>();
        List<StateRecord> records = new ArrayList<>();
        offsets.forEach((tp, offset) -> {
            if (offset < 0) {
                out.put(tp, Errors.INVALID_REQUEST);
                return;
            }
            SharePartition old = store.get(groupId, tp);
            SharePartitionKey key = old != null ? old.key
                : new SharePartitionKey(groupId, null, tp.topic(), tp.partition());
            if (old != null) {
                forget(old);
            }
            SharePartition reset = new SharePartition(key, new InFlightWindow(offset));
            if (old != null) {
                reset.pendingDeadLetters.addAll(old.pendingDeadLetters); // archived before: still to be written
            }
            store.add(reset);
            records.add(ShareStateStore.record(reset));
            out.put(tp, Errors.NONE);
        });
        return runtime.write(records).handle((v, failure) -> failed(out, failure, "AlterShareGroupOffsets " + groupId));
    }

    CompletableFuture<Map<String, Errors>> deleteState(String groupId, Collection<String> topics) {
        Map<String, Errors> out = new LinkedHashMap<>();
        topics.forEach(t -> out.put(t, Errors.NONE));
        List<StateRecord> records = new ArrayList<>();
        for (SharePartition partition : store.ofGroup(groupId)) {
            if (topics.contains(partition.key.topic())) {
                records.add(StateRecord.tombstone(partition.key));
                forget(partition);
            }
        }
        return runtime.write(records).handle((v, failure) -> failed(out, failure,
            "DeleteShareGroupOffsets " + groupId));
    }

    CompletableFuture<Void> deleteGroup(String groupId) {
        List<StateRecord> records = new ArrayList<>();
        for (SharePartition partition : store.ofGroup(groupId)) {
            records.add(StateRecord.tombstone(partition.key));
            forget(partition);
        }
        return runtime.write(records);
    }

    /** Drops a partition's live state and timer (its tombstone or replacement is written by the caller). */
    void forget(SharePartition partition) {
        timers.cancel(partition.key);
        store.remove(partition.key);
    }

    private ShareSnapshot durable(String groupId, TopicPartition tp) {
        SharePartition partition = store.get(groupId, tp);
        return partition == null ? null : (ShareSnapshot) runtime.committedView().committedValue(partition.key);
    }

    private static <K> Map<K, Errors> failed(Map<K, Errors> out, Throwable failure, String subject) {
        if (failure != null) {
            Errors error = CoordinatorErrors.of(failure, subject);
            out.replaceAll((k, e) -> e == Errors.NONE ? error : e);
        }
        return out;
    }
}
