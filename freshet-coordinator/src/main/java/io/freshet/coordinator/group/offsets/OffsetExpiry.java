package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Offsets that go without a request asking: those past offsets.retention.minutes (a timer every
 * offsets.retention.check.interval.ms) and those of deleted topics. Coordinator thread only.
 *
 * <p>Design note: unlike a client's operation, this maintenance may concern millions of offsets (a topic of many
 * partitions deleted under many groups), so its tombstones are written in writes of {@link #TOMBSTONES_PER_WRITE}.
 * Each tombstone stands alone, so a failed write only leaves some offsets for the next check, reverted as usual.
 */
public final class OffsetExpiry {

    static final int TOMBSTONES_PER_WRITE = 500;
    private static final String TIMER = "offsets-retention-check";

    private final GroupContext context;
    /** When the expiry check last saw each group with members (offsets.retention.minutes counts from there). */
    private final Map<String, Long> lastActiveMs = new HashMap<>();
    private final long startedMs;

    public OffsetExpiry(GroupContext context) {
        this.context = context;
        this.startedMs = context.time().milliseconds();
    }

    /** Starts the periodic retention check. */
    public void start() {
        context.timer().schedule(TIMER, context.config().offsetsRetentionCheckMs(), () -> {
            start(); // first, so that a failing check does not stop the next ones
            expireOffsets();
        });
    }

    /**
     * offsets.retention.minutes: a committed offset of a group without members is deleted once both its commit and
     * the group's last activity are older than the retention; a group left with neither members nor offsets is
     * removed. Active groups keep theirs. Activity is seen by these checks and is not persisted: after a restart
     * every group counts as active at start-up, which only delays expiry.
     */
    public CompletableFuture<Void> expireOffsets() {
        long now = context.time().milliseconds();
        long cutoff = now - context.config().offsetsRetentionMs();
        List<StateRecord> tombstones = new ArrayList<>();
        for (String group : List.copyOf(context.offsets().groups())) {
            Optional<Group> owner = context.groups().get(group);
            if (owner.isPresent() && !owner.get().isEmpty()) {
                lastActiveMs.put(group, now);
            } else if (lastActiveMs.getOrDefault(group, startedMs) < cutoff) {
                expireGroup(group, owner.isPresent(), cutoff, tombstones);
            }
        }
        return writeInParts(tombstones);
    }

    private void expireGroup(String group, boolean exists, long cutoff, List<StateRecord> tombstones) {
        Map<TopicPartition, OffsetValue> offsets = context.offsets().ofGroup(group);
        List<TopicPartition> expired = offsets.entrySet().stream()
            .filter(e -> e.getValue().commitTimestampMs() < cutoff).map(Map.Entry::getKey).toList();
        expired.forEach(tp -> tombstones.add(StateRecord.tombstone(OffsetKey.of(group, tp))));
        if (expired.size() == offsets.size()) {
            lastActiveMs.remove(group);
            if (exists) {
                tombstones.add(StateRecord.tombstone(new GroupKey(group))); // after its offsets: one write holds both
            }
        }
    }

    /** Forgets every group's committed offsets of the topics {@code gone} accepts (they were deleted). */
    public CompletableFuture<Void> forgetTopics(Predicate<String> gone) {
        List<StateRecord> tombstones = new ArrayList<>();
        for (String group : context.offsets().groups()) {
            context.offsets().ofGroup(group).keySet().stream().filter(tp -> gone.test(tp.topic()))
                .forEach(tp -> tombstones.add(StateRecord.tombstone(OffsetKey.of(group, tp))));
        }
        return writeInParts(tombstones);
    }

    private CompletableFuture<Void> writeInParts(List<StateRecord> tombstones) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        int from = 0;
        do {
            int to = Math.min(tombstones.size(), from + TOMBSTONES_PER_WRITE);
            if (to < tombstones.size() && tombstones.get(to).key() instanceof GroupKey) {
                to++; // a group's tombstone stays in the write of its last offsets
            }
            writes.add(context.write(new ArrayList<>(tombstones.subList(from, to))));
            from = to;
        } while (from < tombstones.size());
        return CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]));
    }
}
