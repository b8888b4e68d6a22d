package io.freshet.coordinator;

import io.freshet.coordinator.group.GroupRegistry;
import io.freshet.coordinator.group.offsets.OffsetStore;
import io.freshet.coordinator.group.offsets.PendingOffsetStore;
import io.freshet.coordinator.log.CoordinatorLog;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every part of the coordinator shares: the clock, the coordinator thread (as an executor for timers and for
 * coming back after a write), the internal log, the topics, the settings, the groups and the offsets. All of it is
 * used on the coordinator thread only.
 */
public final class CoordinatorRuntime {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final Time time;
    private final ScheduledExecutorService thread;
    private final CoordinatorLog coordinatorLog;
    private final TopicView topics;
    private final GroupConfig config;
    private final GroupRegistry groups = new GroupRegistry();
    private final OffsetStore offsets = new OffsetStore();
    private final PendingOffsetStore pendingOffsets = new PendingOffsetStore();
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
    private boolean checkpointRunning;

    CoordinatorRuntime(Time time, ScheduledExecutorService thread, CoordinatorLog coordinatorLog, TopicView topics,
                       GroupConfig config) {
        this.time = time;
        this.thread = thread;
        this.coordinatorLog = coordinatorLog;
        this.topics = topics;
        this.config = config;
    }

    public Time time() {
        return time;
    }

    /** The coordinator thread: schedule timers on it; their tasks may touch any coordinator state. */
    public ScheduledExecutorService thread() {
        return thread;
    }

    public TopicView topics() {
        return topics;
    }

    public GroupConfig config() {
        return config;
    }

    public GroupRegistry groups() {
        return groups;
    }

    public OffsetStore offsets() {
        return offsets;
    }

    /** Transactional offsets waiting for their transaction to end. */
    public PendingOffsetStore pendingOffsets() {
        return pendingOffsets;
    }

    /**
     * Appends state records; the future completes on the coordinator thread once they are fsynced, or fails with
     * the storage error. Callers apply the change to memory before writing (later requests see it at once) and
     * answer the client only when the future completes.
     */
    public CompletableFuture<Void> write(List<StateRecord> records) {
        CompletableFuture<Void> durable;
        try {
            durable = coordinatorLog.write(records);
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> onThread = durable.thenApplyAsync(v -> v, thread);
        lastWrite = onThread;
        maybeCheckpoint();
        return onThread;
    }

    public CompletableFuture<Void> write(StateRecord record) {
        return write(List.of(record));
    }

    /**
     * Completes (on the coordinator thread) once everything written so far is durable: reads answer only with
     * state that survives a crash.
     */
    public CompletableFuture<Void> durableSoFar() {
        return lastWrite.handle((v, e) -> (Void) null);
    }

    private void maybeCheckpoint() {
        if (checkpointRunning || !coordinatorLog.checkpointDue()) {
            return;
        }
        List<StateRecord> live = new ArrayList<>();
        offsets.snapshotInto(live);
        pendingOffsets.snapshotInto(live);
        groups.all().forEach(g -> live.add(new StateRecord(new StateKey.Group(g.groupId()), g.snapshot())));
        checkpointRunning = true;
        long before = coordinatorLog.logStartOffset();
        coordinatorLog.checkpoint(live).whenCompleteAsync((v, e) -> {
            checkpointRunning = false;
            if (e != null) {
                log.warn("Checkpoint of the group coordinator's log failed; it will be retried", e);
            } else {
                log.debug("Checkpointed {} state records; log start {} -> {}", live.size(), before,
                    coordinatorLog.logStartOffset());
            }
        }, thread);
    }
}
