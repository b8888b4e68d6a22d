package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.StateKey;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateStore;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every share partition: the {@link StateStore} of {@link SharePartitionKey}s in {@code __share_group_state-0}.
 * Share coordinator thread only.
 *
 * <p>Design note: a share partition's live object is richer than its record (locks, members, timers), so operations
 * change the live objects themselves and write the resulting snapshot; {@link #onWrite} only remembers it as the
 * latest written value, the undo of the next write. When a write fails, the partition is rebuilt from the value
 * before it and the locks on it are dropped: the records those members hold become available again and their
 * acknowledgements answer INVALID_RECORD_STATE. That redelivers a few records after a storage failure but never
 * treats a change as done that the log does not hold.
 */
final class ShareStateStore implements StateStore {

    private final Map<SharePartitionKey, ShareSnapshot> written = new HashMap<>();
    private final Map<String, Map<TopicPartition, SharePartition>> groups = new HashMap<>();
    private final Consumer<SharePartition> onRebuilt;

    /** @param onRebuilt called with a partition rebuilt after a failed write (its timers and waiters need it) */
    ShareStateStore(Consumer<SharePartition> onRebuilt) {
        this.onRebuilt = onRebuilt;
    }

    SharePartition get(String group, TopicPartition partition) {
        Map<TopicPartition, SharePartition> partitions = groups.get(group);
        return partitions == null ? null : partitions.get(partition);
    }

    List<SharePartition> ofGroup(String group) {
        Map<TopicPartition, SharePartition> partitions = groups.get(group);
        return partitions == null ? List.of() : new ArrayList<>(partitions.values());
    }

    List<SharePartition> all() {
        List<SharePartition> out = new ArrayList<>();
        groups.values().forEach(partitions -> out.addAll(partitions.values()));
        return out;
    }

    void add(SharePartition partition) {
        groups.computeIfAbsent(partition.key.group(), g -> new HashMap<>())
            .put(partition.key.topicPartition(), partition);
    }

    void remove(SharePartitionKey key) {
        Map<TopicPartition, SharePartition> partitions = groups.get(key.group());
        if (partitions != null) {
            SharePartition live = partitions.get(key.topicPartition());
            if (live != null && live.key.equals(key)) {
                partitions.remove(key.topicPartition());
            }
            if (partitions.isEmpty()) {
                groups.remove(key.group());
            }
        }
    }

    static StateRecord record(SharePartition partition) {
        return new StateRecord(partition.key, partition.snapshot());
    }

    @Override
    public Object valueOf(StateKey key) {
        return written.get((SharePartitionKey) key);
    }

    @Override
    public void replay(StateKey key, Object value) {
        SharePartitionKey k = (SharePartitionKey) key;
        remember(k, (ShareSnapshot) value);
        if (value == null) {
            remove(k);
        } else {
            add(SharePartition.of(k, (ShareSnapshot) value));
        }
    }

    @Override
    public void onWrite(StateKey key, Object value) {
        remember((SharePartitionKey) key, (ShareSnapshot) value);
    }

    @Override
    public void revert(StateKey key, Object previous) {
        replay(key, previous);
        if (previous != null) {
            onRebuilt.accept(get(((SharePartitionKey) key).group(), ((SharePartitionKey) key).topicPartition()));
        }
    }

    @Override
    public void snapshotInto(List<StateRecord> out) {
        written.forEach((key, value) -> out.add(new StateRecord(key, value)));
    }

    private void remember(SharePartitionKey key, ShareSnapshot value) {
        if (value == null) {
            written.remove(key);
        } else {
            written.put(key, value);
        }
    }
}
