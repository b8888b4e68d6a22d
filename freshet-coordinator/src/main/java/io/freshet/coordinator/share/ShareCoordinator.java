package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorLog;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateLog;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.storage.log.LogStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The share coordinator: every share partition's state ({@link ShareStates}) on a {@link CoordinatorRuntime} of its
 * own, thread {@code freshet-share-coordinator}, log {@code __share_group_state-0} (replayed at start: acknowledged
 * and archived records, start offsets, delivery counts and waits come back; locks do not). Each call hops onto the
 * thread; so do lock expiries, backoffs and delivery times, on one timer per share partition. Thread-safe.
 *
 * <pre>
 *   acquire ─> SharePartition (init at share.auto.offset.reset) ─> Acquisition (read, take, lock) ─┐
 *   acknowledge / releaseMember / timer ─> SharePartition ─> Changes ──────────────────────────────┤
 *   ShareWrites: snapshot written if changed, timers set, listener told ─> durable: answer, DeadLetters
 *   DeadLetters written ─> pending mark cleared (a second write); pending ones handed over again at start
 *   offsets, alter, delete ─> ShareOffsetsAdmin
 * </pre>
 */
public final class ShareCoordinator implements ShareStates, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShareCoordinator.class);

    private final CoordinatorRuntime runtime;
    private final ShareCoordinatorConfig config;
    private final ShareGroupSettings.Source settings;
    private final ShareStateStore store;
    private final PartitionTimers timers;
    private final ShareWrites writes;
    private final ShareOffsetsAdmin admin;

    private ShareCoordinator(CoordinatorRuntime runtime, ShareCoordinatorConfig config,
                             ShareGroupSettings.Source settings, DeadLetters deadLetters) {
        this.runtime = runtime;
        this.config = config;
        this.settings = settings;
        this.store = new ShareStateStore(this::onRebuilt);
        this.timers = new PartitionTimers(runtime.timer(), this::onDue);
        this.writes = new ShareWrites(runtime, timers, deadLetters, store);
        this.admin = new ShareOffsetsAdmin(runtime, store, timers);
        runtime.register(SharePartitionKey.class, store);
    }

    /** Opens {@code __share_group_state-0}, replays it and starts the thread. */
    public static ShareCoordinator start(LogStore storage, ShareCoordinatorConfig config,
                                         ShareGroupSettings.Source settings, DeadLetters deadLetters, Time time) {
        StateLog stateLog = CoordinatorLog.open(storage, ShareLogFormat.PARTITION, ShareLogFormat.codec(), time);
        return start(stateLog, config, settings, deadLetters, time);
    }

    /** The same with a given internal log (tests use one that fails on demand). */
    public static ShareCoordinator start(StateLog stateLog, ShareCoordinatorConfig config,
                                         ShareGroupSettings.Source settings, DeadLetters deadLetters, Time time) {
        CoordinatorRuntime runtime = new CoordinatorRuntime("freshet-share-coordinator", time, stateLog,
            config.checkpointBytes());
        ShareCoordinator coordinator = new ShareCoordinator(runtime, config, settings, deadLetters);
        try {
            runtime.call("load", coordinator::load).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            runtime.close();
            throw new IllegalStateException("Cannot load the share coordinator's log: " + e.getMessage(), e);
        }
        return coordinator;
    }

    private CompletableFuture<Void> load() {
        int records = runtime.load();
        long now = now();
        List<SharePartition> partitions = store.all();
        partitions.forEach(p -> timers.schedule(p, now)); // waits (backoffs, delivery times) survive a restart
        int pending = 0;
        for (SharePartition partition : partitions) {
            if (partition.key.topicId() == null || partition.pendingDeadLetters.isEmpty()) {
                continue;
            }
            // archived before the crash, dead letters not reported written: at least once, so write them again
            ShareGroupSettings group = settings.settings(partition.key.group());
            for (ShareSnapshot.PendingDeadLetter letter : List.copyOf(partition.pendingDeadLetters)) {
                writes.sendToDeadLetters(partition, letter, group);
                pending++;
            }
        }
        if (pending > 0) {
            log.info("Share coordinator hands {} archived ranges to the dead-letter writer again", pending);
        }
        log.debug("Share coordinator loaded {} records ({} share partitions)", records, partitions.size());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Acquired> acquire(ShareKey key, String memberId, AcquireLimits limits,
                                               ShareLogReader reader) {
        return runtime.call("ShareFetch " + key.groupId() + " " + key.partition(), () -> {
            long now = now();
            ShareGroupSettings group = settings.settings(key.groupId());
            List<StateRecord> records = new ArrayList<>();
            Changes changes = new Changes();
            SharePartition partition = partitionFor(key, reader, group, now, records, changes);
            long logStart = reader.logStartOffset(key.partition());
            if (logStart > partition.window.startOffset()) {
                partition.window.moveStartTo(logStart); // retention or DeleteRecords removed what it pointed at
                changes.write = true;
            }
            int maxRecordLocks = group.partitionMaxRecordLocks() > 0 ? group.partitionMaxRecordLocks()
                : config.partitionMaxRecordLocks();
            Acquired acquired = new Acquisition(partition, memberId, limits, group, maxRecordLocks, now, changes)
                .run(reader);
            return writes.persist(List.of(new ShareWrites.Change(partition, changes)), records, group, now)
                .thenApply(v -> acquired);
        });
    }

    @Override
    public CompletableFuture<Errors> acknowledge(ShareKey key, String memberId, List<Acknowledgement> batches) {
        String subject = "ShareAcknowledge " + key.groupId() + " " + key.partition();
        return runtime.call(subject, () -> {
            SharePartition partition = store.get(key.groupId(), key.partition());
            if (partition == null || !partition.key.equals(SharePartitionKey.of(key))) {
                return CompletableFuture.completedFuture(Errors.INVALID_RECORD_STATE);
            }
            long now = now();
            ShareGroupSettings group = settings.settings(key.groupId());
            Changes changes = new Changes();
            Errors error = partition.acknowledge(memberId, batches, group, now, changes);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(error);
            }
            return writes.persist(List.of(new ShareWrites.Change(partition, changes)), new ArrayList<>(), group, now)
                .handle((v, failure) -> failure == null ? Errors.NONE : CoordinatorErrors.of(failure, subject));
        });
    }

    @Override
    public CompletableFuture<Void> releaseMember(String groupId, String memberId) {
        return runtime.call("release of member " + memberId + " of share group " + groupId, () -> {
            long now = now();
            ShareGroupSettings group = settings.settings(groupId);
            List<ShareWrites.Change> changed = new ArrayList<>();
            for (SharePartition partition : store.ofGroup(groupId)) {
                Changes changes = new Changes();
                partition.releaseMember(memberId, group, now, changes);
                changed.add(new ShareWrites.Change(partition, changes));
            }
            return writes.persist(changed, new ArrayList<>(), group, now);
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> startOffsets(String groupId,
                                                                     Collection<TopicPartition> partitions) {
        return runtime.call("start offsets of share group " + groupId,
            () -> CompletableFuture.completedFuture(admin.startOffsets(groupId, partitions)));
    }

    @Override
    public CompletableFuture<Map<TopicPartition, ShareOffsets>> offsets(String groupId,
                                                                        Collection<TopicPartition> partitions) {
        return runtime.call("offsets of share group " + groupId,
            () -> CompletableFuture.completedFuture(admin.offsets(groupId, partitions)));
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Errors>> alterStartOffsets(String groupId,
                                                                          Map<TopicPartition, Long> offsets) {
        return runtime.call("AlterShareGroupOffsets " + groupId, () -> admin.alterStartOffsets(groupId, offsets));
    }

    @Override
    public CompletableFuture<Map<String, Errors>> deleteState(String groupId, Collection<String> topics) {
        return runtime.call("DeleteShareGroupOffsets " + groupId, () -> admin.deleteState(groupId, topics));
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        return runtime.call("deletion of share group " + groupId, () -> admin.deleteGroup(groupId));
    }

    @Override
    public void onAvailable(AvailabilityListener listener) {
        writes.onAvailable(listener);
    }

    /**
     * Runs every timer due on the coordinator's clock (lock expiries, backoffs, delivery times). The coordinator wakes
     * itself for them; this is for a clock that jumps (tests).
     */
    public CompletableFuture<Void> runDueTimers() {
        return runtime.runDueTimers();
    }

    /** Stops the thread; in-flight writes are answered COORDINATOR_NOT_AVAILABLE and locks end with it. */
    @Override
    public void close() {
        runtime.close();
    }

    // ---- on the coordinator thread

    /**
     * The partition's state for this key: as it is; created at share.auto.offset.reset on the first acquire; or
     * replaced when the topic was re-created (another topic id). Tombstones for replaced state go to {@code records}.
     */
    private SharePartition partitionFor(ShareKey key, ShareLogReader reader, ShareGroupSettings group, long now,
                                        List<StateRecord> records, Changes changes) {
        SharePartitionKey wanted = SharePartitionKey.of(key);
        SharePartition existing = store.get(key.groupId(), key.partition());
        if (existing != null && existing.key.equals(wanted)) {
            return existing;
        }
        changes.write = true;
        if (existing != null) {
            records.add(StateRecord.tombstone(existing.key));
            admin.forget(existing);
            if (existing.key.topicId() == null) {
                // start offset set by AlterShareGroupOffsets before a fetch told the topic id
                SharePartition adopted = new SharePartition(wanted, existing.window);
                store.add(adopted);
                return adopted;
            }
        }
        long start = StartOffset.reset(group.autoOffsetReset(), reader, key.partition(), now);
        SharePartition created = new SharePartition(wanted, new InFlightWindow(start));
        store.add(created);
        log.debug("Share group {} starts {} at {} ({})", key.groupId(), key.partition(), start,
            group.autoOffsetReset());
        return created;
    }

    /** A partition's timer: expired locks end as releases; records whose wait ended are announced. */
    private void onDue(SharePartitionKey key) {
        SharePartition partition = store.get(key.group(), key.topicPartition());
        if (partition == null || !partition.key.equals(key)) {
            return;
        }
        timers.fired(partition);
        long now = now();
        ShareGroupSettings group = settings.settings(key.group());
        Changes changes = new Changes();
        partition.expireLocks(group, now, changes);
        changes.available |= partition.hasDueWaits(now);
        writes.persist(List.of(new ShareWrites.Change(partition, changes)), new ArrayList<>(), group, now)
            .exceptionally(e -> {
                log.warn("Could not write the state of {} after its locks expired: {}", key, e.toString());
                return null;
            });
    }

    /** After a failed write rebuilt the partition: its locks are gone, its records available. */
    private void onRebuilt(SharePartition partition) {
        long now = now();
        timers.fired(partition);
        timers.schedule(partition, now);
        writes.notifyAvailable(partition);
    }

    private long now() {
        return runtime.time().milliseconds();
    }
}
