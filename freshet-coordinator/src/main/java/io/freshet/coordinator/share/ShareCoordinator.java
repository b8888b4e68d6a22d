package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorLog;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateLog;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.storage.log.LogStore;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
 *      write the snapshot if changed ─> durable ─> answer, then DeadLetters; listener when available ┘
 * </pre>
 */
public final class ShareCoordinator implements ShareStates, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShareCoordinator.class);

    private final CoordinatorRuntime runtime;
    private final ShareCoordinatorConfig config;
    private final ShareGroupSettings.Source settings;
    private final DeadLetters deadLetters;
    private final ShareStateStore store;
    private volatile AvailabilityListener listener = key -> { };

    private ShareCoordinator(CoordinatorRuntime runtime, ShareCoordinatorConfig config,
                             ShareGroupSettings.Source settings, DeadLetters deadLetters) {
        this.runtime = runtime;
        this.config = config;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.store = new ShareStateStore(this::onRebuilt);
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
        store.all().forEach(p -> scheduleWake(p, now));
        log.debug("Share coordinator loaded {} records ({} share partitions)", records, store.all().size());
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
            Acquired acquired = new Acquisition(partition, memberId, limits, group, config.partitionMaxRecordLocks(),
                now, changes).run(reader);
            return persist(List.of(new Change(partition, changes)), records, group, now).thenApply(v -> acquired);
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
            return persist(List.of(new Change(partition, changes)), new ArrayList<>(), group, now)
                .handle((v, failure) -> failure == null ? Errors.NONE : CoordinatorErrors.of(failure, subject));
        });
    }

    @Override
    public CompletableFuture<Void> releaseMember(String groupId, String memberId) {
        return runtime.call("release of member " + memberId + " of share group " + groupId, () -> {
            long now = now();
            ShareGroupSettings group = settings.settings(groupId);
            List<Change> changed = new ArrayList<>();
            for (SharePartition partition : store.ofGroup(groupId)) {
                Changes changes = new Changes();
                partition.releaseMember(memberId, group, now, changes);
                changed.add(new Change(partition, changes));
            }
            return persist(changed, new ArrayList<>(), group, now);
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> startOffsets(String groupId,
                                                                     Collection<TopicPartition> partitions) {
        return runtime.call("start offsets of share group " + groupId, () -> {
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                SharePartition partition = store.get(groupId, tp);
                Object durable = partition == null ? null : runtime.committedView().committedValue(partition.key);
                out.put(tp, durable == null ? -1L : ((ShareSnapshot) durable).startOffset());
            }
            return CompletableFuture.completedFuture(out);
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Errors>> alterStartOffsets(String groupId,
                                                                          Map<TopicPartition, Long> offsets) {
        String subject = "AlterShareGroupOffsets " + groupId;
        return runtime.call(subject, () -> {
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
                store.add(reset);
                records.add(ShareStateStore.record(reset));
                out.put(tp, Errors.NONE);
            });
            return runtime.write(records).handle((v, failure) -> failed(out, failure, subject));
        });
    }

    @Override
    public CompletableFuture<Map<String, Errors>> deleteState(String groupId, Collection<String> topics) {
        String subject = "DeleteShareGroupOffsets " + groupId;
        return runtime.call(subject, () -> {
            Map<String, Errors> out = new LinkedHashMap<>();
            topics.forEach(t -> out.put(t, Errors.NONE));
            List<StateRecord> records = new ArrayList<>();
            for (SharePartition partition : store.ofGroup(groupId)) {
                if (topics.contains(partition.key.topic())) {
                    records.add(StateRecord.tombstone(partition.key));
                    forget(partition);
                }
            }
            return runtime.write(records).handle((v, failure) -> failed(out, failure, subject));
        });
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        return runtime.call("deletion of share group " + groupId, () -> {
            List<StateRecord> records = new ArrayList<>();
            for (SharePartition partition : store.ofGroup(groupId)) {
                records.add(StateRecord.tombstone(partition.key));
                forget(partition);
            }
            return runtime.write(records);
        });
    }

    @Override
    public void onAvailable(AvailabilityListener listener) {
        this.listener = listener;
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

    /** One partition's changes in an operation. */
    private record Change(SharePartition partition, Changes changes) {
    }

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
            forget(existing);
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

    /**
     * Writes the changed partitions' snapshots (after {@code records}), arms their timers and tells the listener
     * about records available now; once durable, hands archives to the dead-letter topic.
     */
    private CompletableFuture<Void> persist(List<Change> changed, List<StateRecord> records,
                                            ShareGroupSettings group, long now) {
        for (Change change : changed) {
            if (change.changes.write) {
                records.add(ShareStateStore.record(change.partition));
            }
            scheduleWake(change.partition, now);
            if (change.changes.available) {
                notifyAvailable(change.partition);
            }
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return runtime.write(records).thenRun(() -> changed.forEach(c -> sendToDeadLetters(c, group)));
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

    /** Keeps one timer per partition at its next deadline (lock expiry, end of a wait). */
    private void scheduleWake(SharePartition partition, long now) {
        long next = partition.nextDeadline(now);
        String timerKey = timerKey(partition.key);
        if (next == Long.MAX_VALUE) {
            runtime.timer().cancel(timerKey);
            partition.wakeAtMs = Long.MAX_VALUE;
        } else if (next < partition.wakeAtMs || !runtime.timer().isScheduled(timerKey)) {
            partition.wakeAtMs = next;
            SharePartitionKey key = partition.key;
            runtime.timer().schedule(timerKey, next - now, () -> onWake(key));
        }
    }

    private void onWake(SharePartitionKey key) {
        SharePartition partition = store.get(key.group(), key.topicPartition());
        if (partition == null || !partition.key.equals(key)) {
            return;
        }
        partition.wakeAtMs = Long.MAX_VALUE;
        long now = now();
        ShareGroupSettings group = settings.settings(key.group());
        Changes changes = new Changes();
        partition.expireLocks(group, now, changes);
        changes.available |= partition.hasDueWaits(now);
        persist(List.of(new Change(partition, changes)), new ArrayList<>(), group, now)
            .exceptionally(e -> {
                log.warn("Could not write the state of {} after its locks expired: {}", key, e.toString());
                return null;
            });
    }

    /** After a failed write rebuilt the partition: its locks are gone, its records available. */
    private void onRebuilt(SharePartition partition) {
        partition.wakeAtMs = Long.MAX_VALUE;
        scheduleWake(partition, now());
        notifyAvailable(partition);
    }

    private void forget(SharePartition partition) {
        runtime.timer().cancel(timerKey(partition.key));
        store.remove(partition.key);
    }

    private void notifyAvailable(SharePartition partition) {
        if (partition.key.topicId() == null) {
            return;
        }
        try {
            listener.available(shareKey(partition.key));
        } catch (RuntimeException e) {
            log.warn("Availability listener failed for {}", partition.key, e);
        }
    }

    private static <K> Map<K, Errors> failed(Map<K, Errors> out, Throwable failure, String subject) {
        if (failure != null) {
            Errors error = CoordinatorErrors.of(failure, subject);
            out.replaceAll((k, e) -> e == Errors.NONE ? error : e);
        }
        return out;
    }

    private static ShareKey shareKey(SharePartitionKey key) {
        return new ShareKey(key.group(), Uuid.fromString(key.topicId()), key.topicPartition());
    }

    private static String timerKey(SharePartitionKey key) {
        return "share " + key.group() + " " + key.topic() + "-" + key.partition();
    }

    private long now() {
        return runtime.time().milliseconds();
    }
}
