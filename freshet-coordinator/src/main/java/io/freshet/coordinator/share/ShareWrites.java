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
 * to the dead-letter topic. An archive for a group with a dead-letter topic is written together with a pending
 * dead letter; the pending mark is cleared by a second write once {@link DeadLetters#write} reports it written. Share coordinator thread only (the listener may be set from any thread).
 */
final class ShareWrites {

    private static final Logger log = LoggerFactory.getLogger(ShareWrites.class);

    /** One partition's changes in an operation. */
    record Change(SharePartition partition, Changes changes) {
    }

    private final CoordinatorRuntime runtime;
    private final PartitionTimers timers;
    private final DeadLetters deadLetters;
    private final ShareStateStore store;
    private volatile ShareStates.AvailabilityListener listener = key -> { };

    ShareWrites(CoordinatorRuntime runtime, PartitionTimers timers, DeadLetters deadLetters, ShareStateStore store) {
        this.runtime = runtime;
        this.store = store;
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
            if (group.deadLetterTopic() != null) {
                // pending until written: durable with the archive itself, so a crash cannot lose them
                change.partition.pendingDeadLetters.addAll(change.changes.archived);
            }
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
        if (group.deadLetterTopic() == null) {
            return;
        }
        change.changes.archived.forEach(letter -> sendToDeadLetters(change.partition, letter, group));
    }

    /**
     * Hands a pending dead letter to {@link DeadLetters}; once it reports the letters written, the pending mark is
     * cleared (a durable write). A failure leaves it pending until the next start hands it over again.
     */
    void sendToDeadLetters(SharePartition partition, ShareSnapshot.PendingDeadLetter letter,
                           ShareGroupSettings group) {
        SharePartitionKey partitionKey = partition.key;
        ShareKey key = shareKey(partitionKey);
        CompletableFuture<Void> written;
        try {
            written = deadLetters.write(key, letter.first(), letter.last(), letter.deliveryCount(), letter.reason(),
                group);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((v, failure) -> {
            if (failure != null) {
                log.warn("Dead letters of {} {}..{} not written; handed over again at the next start: {}", key,
                    letter.first(), letter.last(), failure.toString());
                return;
            }
            runtime.call("dead letters of " + partitionKey + " written", () -> clearPending(partitionKey, letter))
                .exceptionally(e -> {
                    log.warn("Could not clear the pending dead letters of {} {}..{} (written again at the next "
                        + "start): {}", key, letter.first(), letter.last(), e.toString());
                    return null;
                });
        });
    }

    private CompletableFuture<Void> clearPending(SharePartitionKey key, ShareSnapshot.PendingDeadLetter letter) {
        SharePartition partition = store.get(key.group(), key.topicPartition());
        if (partition == null || !partition.key.equals(key) || !partition.pendingDeadLetters.remove(letter)) {
            return CompletableFuture.completedFuture(null); // state deleted or replaced meanwhile
        }
        return runtime.write(List.of(ShareStateStore.record(partition)));
    }

    private static ShareKey shareKey(SharePartitionKey key) {
        return new ShareKey(key.group(), Uuid.fromString(key.topicId()), key.topicPartition());
    }
}
