package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.log.OffsetValue;
import io.freshet.coordinator.log.PendingOffsetsValue;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transactional offsets not yet decided: group -> producer id -> partition -> offset. They become committed
 * offsets when the producer's transaction commits and vanish when it aborts. Coordinator thread only.
 */
public final class PendingOffsetStore {

    private final Map<String, Map<Long, Map<TopicPartition, OffsetValue>>> byGroup = new HashMap<>();

    /** Adds (or replaces) pending offsets; returns the producer's whole pending set for the group. */
    public Map<TopicPartition, OffsetValue> put(String group, long producerId, Map<TopicPartition, OffsetValue> add) {
        Map<TopicPartition, OffsetValue> offsets = byGroup.computeIfAbsent(group, g -> new HashMap<>())
            .computeIfAbsent(producerId, p -> new HashMap<>());
        offsets.putAll(add);
        return offsets;
    }

    /** Removes and returns the producer's pending offsets for the group (empty when none). */
    public Map<TopicPartition, OffsetValue> take(String group, long producerId) {
        Map<Long, Map<TopicPartition, OffsetValue>> producers = byGroup.get(group);
        if (producers == null) {
            return Map.of();
        }
        Map<TopicPartition, OffsetValue> offsets = producers.remove(producerId);
        if (producers.isEmpty()) {
            byGroup.remove(group);
        }
        return offsets == null ? Map.of() : offsets;
    }

    /** Partitions of the group with an offset pending in any transaction: OffsetFetch calls them unstable. */
    public Set<TopicPartition> pendingPartitions(String group) {
        Set<TopicPartition> out = new HashSet<>();
        byGroup.getOrDefault(group, Map.of()).values().forEach(m -> out.addAll(m.keySet()));
        return out;
    }

    public void removeGroup(String group) {
        byGroup.remove(group);
    }

    /** Applies a replayed record. */
    public void apply(StateKey.PendingOffsets key, PendingOffsetsValue value) {
        take(key.group(), key.producerId());
        if (value != null) {
            Map<TopicPartition, OffsetValue> offsets = new HashMap<>();
            value.offsets().forEach(e -> offsets.put(new TopicPartition(e.topic(), e.partition()),
                new OffsetValue(e.offset(), e.leaderEpoch(), e.metadata(), e.commitTimestampMs())));
            put(key.group(), key.producerId(), offsets);
        }
    }

    /** The state record holding a producer's pending offsets for a group. */
    public static StateRecord record(String group, long producerId, Map<TopicPartition, OffsetValue> offsets) {
        List<PendingOffsetsValue.Entry> entries = offsets.entrySet().stream()
            .map(e -> new PendingOffsetsValue.Entry(e.getKey().topic(), e.getKey().partition(), e.getValue().offset(),
                e.getValue().leaderEpoch(), e.getValue().metadata(), e.getValue().commitTimestampMs()))
            .toList();
        return new StateRecord(new StateKey.PendingOffsets(group, producerId), new PendingOffsetsValue(entries));
    }

    /** Every pending set as a state record, for a checkpoint. */
    public void snapshotInto(List<StateRecord> out) {
        byGroup.forEach((group, producers) -> producers.forEach((pid, offsets) ->
            out.add(record(group, pid, offsets))));
    }
}
