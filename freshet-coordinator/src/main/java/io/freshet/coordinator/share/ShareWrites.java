package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What follows an operation on share partitions: their snapshots written (after any tombstones), their timers set,
 * the availability listener told about records available at once, and, once the write is durable, archives handed
 * to the dead-letter topic. Share coordinator thread only (the listener may be set from any thread).
 */
final class ShareWrites {

    private static final Logger log = LoggerFactory.getLogger(ShareWrites.class);

    /** One partition's changes in an operation. */
    record Change(SharePartition partition, Changes changes) {
    }

    private final CoordinatorRuntime runtime;
    private final PartitionTimers timers;
    private final DeadLetters deadLetters;
    private volatile ShareStates.AvailabilityListener listener = key -> { };

    ShareWrites(CoordinatorRuntime runtime, PartitionTimers timers, DeadLetters deadLetters) {
        this.runtime = runtime;
        this.timers = timers;
        this.deadLetters = deadLetters;
    }

    void onAvailable(ShareStates.AvailabilityListener listener) {
        this.listener = listener;
    }

    /** Completes once {@code records} and the changed snapshots are durable (at once when nothing is written). */
    CompletableFuture<Void> persist(List<Change> changed, List<StateRecord> records, ShareGroupSettings group,
                                    long nowMs) {
        for (Change change : changed) {
            if (change.changes.write) {
                records.add(ShareStateStore.record(change.partition));
            }
            timers.schedule(change.partition, nowMs);
            if (change.changes.available) {
                notifyAvailable(change.partition);
            }
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return runtime.write(records).thenRun(() -> changed.forEach(c -> sendToDeadLetters(c, group)));
    }

    void notifyAvailable(SharePartition partition) {
        if (partition.key.topicId() == null) {
            return; // state set by AlterShareGroupOffsets only: no fetch has named the topic yet
        }
        try {
            listener.available(shareKey(partition.key));
        } catch (RuntimeException e) {
            log.warn("Availability listener failed for {}", partition.key, e);
        }
    }

    private void sendToDeadLetters(Change change, ShareGroupSettings group) {
        if (change.changes.archived.isEmpty() || group.deadLetterTopic() == null) {
            return;
        }
        ShareKey key = shareKey(change.partition.key);
        for (Changes.Archived a : change.changes.archived) {
            try {
                deadLetters.archived(key, a.first(), a.last(), a.deliveryCount(), a.reason(), group);
            } catch (RuntimeException e) {
                log.warn("Dead-letter hand-over of {} {}..{} failed", key, a.first(), a.last(), e);
            }
        }
    }

    private static ShareKey shareKey(SharePartitionKey key) {
        return new ShareKey(key.group(), Uuid.fromString(key.topicId()), key.topicPartition());
    }
}
