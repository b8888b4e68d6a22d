package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.runtime.CommittedView;
import io.freshet.coordinator.runtime.StateKey;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateStore;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transactional offsets not yet decided: group -> producer id -> its whole pending set, the {@link StateStore} of
 * {@link PendingOffsetsKey}s. They become committed offsets when the producer's transaction commits and vanish when
 * it aborts. Coordinator thread only.
 */
public final class PendingOffsetStore implements StateStore {

    private final Map<String, Map<Long, PendingOffsetsValue>> byGroup = new HashMap<>();

    /** The producer's live pending offsets for the group (empty when none). */
    public Map<TopicPartition, OffsetValue> get(String group, long producerId) {
        return toMap(byGroup.getOrDefault(group, Map.of()).get(producerId));
    }

    /**
     * Partitions OffsetFetch with require_stable must call unstable (KIP-447): those with an offset pending in any
     * transaction, durably or in a write not yet durable. Either way the committed offset may be about to change
     * (a TxnOffsetCommit being written, or a transaction's completion being written), so the client is told to
     * retry rather than given an offset that is stable only in appearance.
     */
    public Set<TopicPartition> unstablePartitions(String group, CommittedView committed) {
        Set<TopicPartition> out = new HashSet<>();
        byGroup.getOrDefault(group, Map.of()).values().forEach(v -> out.addAll(toMap(v).keySet()));
        for (StateKey key : committed.keysInFlight()) {
            if (key instanceof PendingOffsetsKey k && k.group().equals(group)) {
                out.addAll(toMap((PendingOffsetsValue) committed.committedValue(k)).keySet());
            }
        }
        return out;
    }

    /** The record holding a producer's whole pending set for a group. */
    public static StateRecord record(String group, long producerId, Map<TopicPartition, OffsetValue> offsets) {
        List<PendingOffsetsValue.Entry> entries = offsets.entrySet().stream()
            .map(e -> new PendingOffsetsValue.Entry(e.getKey().topic(), e.getKey().partition(), e.getValue().offset(),
                e.getValue().leaderEpoch(), e.getValue().metadata(), e.getValue().commitTimestampMs()))
            .toList();
        return new StateRecord(new PendingOffsetsKey(group, producerId), new PendingOffsetsValue(entries));
    }

    @Override
    public Object valueOf(StateKey key) {
        PendingOffsetsKey k = (PendingOffsetsKey) key;
        return byGroup.getOrDefault(k.group(), Map.of()).get(k.producerId());
    }

    @Override
    public void replay(StateKey key, Object value) {
        PendingOffsetsKey k = (PendingOffsetsKey) key;
        if (value != null) {
            byGroup.computeIfAbsent(k.group(), g -> new HashMap<>()).put(k.producerId(), (PendingOffsetsValue) value);
            return;
        }
        Map<Long, PendingOffsetsValue> producers = byGroup.get(k.group());
        if (producers != null) {
            producers.remove(k.producerId());
            if (producers.isEmpty()) {
                byGroup.remove(k.group());
            }
        }
    }

    @Override
    public void snapshotInto(List<StateRecord> out) {
        byGroup.forEach((group, producers) -> producers.forEach((pid, value) ->
            out.add(new StateRecord(new PendingOffsetsKey(group, pid), value))));
    }

    private static Map<TopicPartition, OffsetValue> toMap(PendingOffsetsValue value) {
        Map<TopicPartition, OffsetValue> offsets = new HashMap<>();
        if (value != null) {
            value.offsets().forEach(e -> offsets.put(new TopicPartition(e.topic(), e.partition()),
                new OffsetValue(e.offset(), e.leaderEpoch(), e.metadata(), e.commitTimestampMs())));
        }
        return offsets;
    }
}
