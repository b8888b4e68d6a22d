package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.runtime.CommittedView;
import io.freshet.coordinator.runtime.StateKey;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateStore;
import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Committed offsets by group and partition: the {@link StateStore} of {@link OffsetKey}s. Changed only by records
 * (replayed, written, reverted); operations read the live values, OffsetFetch the committed ones
 * ({@link #committedOfGroup}). Coordinator thread only.
 */
public final class OffsetStore implements StateStore {

    private final Map<String, Map<TopicPartition, OffsetValue>> byGroup = new HashMap<>();

    public Optional<OffsetValue> get(String group, TopicPartition tp) {
        return Optional.ofNullable(byGroup.getOrDefault(group, Map.of()).get(tp));
    }

    /** The group's live offsets, written or being written (a read-only view). */
    public Map<TopicPartition, OffsetValue> ofGroup(String group) {
        return Collections.unmodifiableMap(byGroup.getOrDefault(group, Map.of()));
    }

    /** The group's durable offsets: the live ones with every in-flight write's change taken back. */
    public Map<TopicPartition, OffsetValue> committedOfGroup(String group, CommittedView committed) {
        Map<TopicPartition, OffsetValue> offsets = new HashMap<>(ofGroup(group));
        for (StateKey key : committed.keysInFlight()) {
            if (key instanceof OffsetKey k && k.group().equals(group)) {
                OffsetValue value = (OffsetValue) committed.committedValue(k);
                if (value == null) {
                    offsets.remove(k.topicPartition());
                } else {
                    offsets.put(k.topicPartition(), value);
                }
            }
        }
        return offsets;
    }

    public boolean hasOffsets(String group) {
        return !byGroup.getOrDefault(group, Map.of()).isEmpty();
    }

    public Set<String> groups() {
        return Collections.unmodifiableSet(byGroup.keySet());
    }

    @Override
    public Object valueOf(StateKey key) {
        OffsetKey k = (OffsetKey) key;
        return get(k.group(), k.topicPartition()).orElse(null);
    }

    @Override
    public void replay(StateKey key, Object value) {
        OffsetKey k = (OffsetKey) key;
        if (value != null) {
            byGroup.computeIfAbsent(k.group(), g -> new HashMap<>()).put(k.topicPartition(), (OffsetValue) value);
            return;
        }
        Map<TopicPartition, OffsetValue> offsets = byGroup.get(k.group());
        if (offsets != null) {
            offsets.remove(k.topicPartition());
            if (offsets.isEmpty()) {
                byGroup.remove(k.group());
            }
        }
    }

    @Override
    public void snapshotInto(List<StateRecord> out) {
        byGroup.forEach((group, offsets) -> offsets.forEach((tp, value) ->
            out.add(new StateRecord(OffsetKey.of(group, tp), value))));
    }
}
