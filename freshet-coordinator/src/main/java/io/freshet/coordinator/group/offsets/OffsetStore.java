package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.log.OffsetValue;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Committed offsets by group and partition, as replayed and written. Coordinator thread only. */
public final class OffsetStore {

    private final Map<String, Map<TopicPartition, OffsetValue>> byGroup = new HashMap<>();

    public Optional<OffsetValue> get(String group, TopicPartition tp) {
        return Optional.ofNullable(byGroup.getOrDefault(group, Map.of()).get(tp));
    }

    /** The group's committed offsets (a read-only view). */
    public Map<TopicPartition, OffsetValue> ofGroup(String group) {
        return Collections.unmodifiableMap(byGroup.getOrDefault(group, Map.of()));
    }

    public boolean hasOffsets(String group) {
        return !byGroup.getOrDefault(group, Map.of()).isEmpty();
    }

    public java.util.Set<String> groups() {
        return Collections.unmodifiableSet(byGroup.keySet());
    }

    public void put(String group, TopicPartition tp, OffsetValue value) {
        byGroup.computeIfAbsent(group, g -> new HashMap<>()).put(tp, value);
    }

    public void remove(String group, TopicPartition tp) {
        Map<TopicPartition, OffsetValue> offsets = byGroup.get(group);
        if (offsets != null) {
            offsets.remove(tp);
            if (offsets.isEmpty()) {
                byGroup.remove(group);
            }
        }
    }

    public void removeGroup(String group) {
        byGroup.remove(group);
    }

    /** Applies a replayed offset record. */
    public void apply(StateKey.Offset key, OffsetValue value) {
        TopicPartition tp = new TopicPartition(key.topic(), key.partition());
        if (value == null) {
            remove(key.group(), tp);
        } else {
            put(key.group(), tp, value);
        }
    }

    /** Every committed offset as a state record, for a checkpoint. */
    public void snapshotInto(List<StateRecord> out) {
        byGroup.forEach((group, offsets) -> offsets.forEach((tp, value) ->
            out.add(new StateRecord(new StateKey.Offset(group, tp.topic(), tp.partition()), value))));
    }
}
