package io.freshet.coordinator.runtime;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.utils.Time;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one write path of a coordinator: apply at once, append, release once durable, revert on failure.
 * Coordinator thread only.
 *
 * <ol>
 *   <li>The value each key has before the write is kept (the undo), then the records are applied to the stores, so
 *       the next operation builds on them.</li>
 *   <li>The records are appended as one batch. If the append throws (a full disk; the partition stays writable),
 *       the write is reverted at once and fails; nothing later exists yet.</li>
 *   <li>The write joins the in-flight writes and waits for durability. Durable: it and every write before it are
 *       done. Failed (an fsync: the storage takes the partition offline): every in-flight write from the newest back
 *       to the failed one is reverted, newest first, and fails.</li>
 * </ol>
 * Futures complete on the coordinator thread, after the stores are consistent again, so a failure handler sees the
 * reverted state.
 *
 * <p>Design note: applying before the write is durable (as Kafka's coordinator runtime does with its timeline
 * structures) lets requests pipeline: a rebalance or a stream of commits does not wait an fsync per step, and every
 * waiting write shares one group-commit fsync. The price is that memory can be ahead of the disk, which is why
 * responses wait for durability, reads use the committed view, and a failure is undone rather than ignored. A
 * failed write is reverted with the same replay a load uses, through each key's previous value, so no operation
 * needs its own undo code; an operation that must wait for an earlier change instead (the transaction coordinator's
 * busy ids) asks {@link CoordinatorRuntime#isInFlight}.
 */
final class WritePath {

    private final StateLog stateLog;
    private final StateStores stores;
    private final CoordinatorThread thread;
    private final InFlightWrites inFlight = new InFlightWrites();
    private final FailedWritesLog failures;

    WritePath(String name, Time time, StateLog stateLog, StateStores stores, CoordinatorThread thread) {
        this.stateLog = stateLog;
        this.stores = stores;
        this.thread = thread;
        this.failures = new FailedWritesLog(name, time);
    }

    /** Completes once the records, and everything written before them, are durable. */
    CompletableFuture<Void> write(List<StateRecord> records) {
        if (records.isEmpty()) {
            return afterInFlight();
        }
        Map<StateKey, Object> undo = stores.undoOf(records);
        stores.onWrite(records);
        long endOffset;
        try {
            endOffset = stateLog.append(records);
        } catch (RuntimeException e) {
            stores.revert(undo);
            failures.onFailed("a write of " + records.size() + " records could not be appended and was reverted", e);
            return CompletableFuture.failedFuture(e);
        }
        return track(undo, endOffset);
    }

    /** Waits, in order with the other writes, for records already appended up to {@code endOffset}. */
    CompletableFuture<Void> track(Map<StateKey, Object> undo, long endOffset) {
        InFlightWrites.Write write = inFlight.add(undo, endOffset);
        stateLog.awaitDurable(endOffset).whenComplete((v, error) -> thread.execute(() -> {
            if (error == null) {
                onDurable(endOffset);
            } else {
                onFailed(write, error);
            }
        }));
        return write.done;
    }

    /**
     * A response that writes nothing may still have read what earlier writes changed: it waits for them (and
     * fails with them). It rides along as an in-flight write with nothing to undo.
     */
    private CompletableFuture<Void> afterInFlight() {
        if (inFlight.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return inFlight.add(Map.of(), inFlight.newestEndOffset()).done;
    }

    private void onDurable(long endOffset) {
        List<InFlightWrites.Write> durable = inFlight.durableUpTo(endOffset);
        if (!durable.isEmpty()) {
            failures.onDurable();
        }
        durable.forEach(w -> w.done.complete(null));
    }

    private void onFailed(InFlightWrites.Write failed, Throwable error) {
        List<InFlightWrites.Write> reverted = inFlight.failedFrom(failed);
        if (reverted.isEmpty()) {
            return; // already durable (a later fsync covered it) or already reverted with an earlier failure
        }
        reverted.forEach(w -> stores.revert(w.undo));
        failures.onFailed("a write could not be made durable; reverted it and the " + (reverted.size() - 1)
            + " after it", error);
        for (int i = reverted.size() - 1; i >= 0; i--) {
            reverted.get(i).done.completeExceptionally(error); // answered in the order they were written
        }
    }

    CommittedView committedView() {
        return new CommittedView() {
            @Override
            public Object committedValue(StateKey key) {
                return inFlight.committedValue(key, stores::valueOf);
            }

            @Override
            public Set<StateKey> keysInFlight() {
                return inFlight.keys();
            }
        };
    }

    boolean isInFlight(StateKey key) {
        return inFlight.touches(key);
    }

    /** Closing: in-flight writes are answered COORDINATOR_NOT_AVAILABLE; their outcome is the log's. */
    void failAll() {
        CoordinatorNotAvailableException closed = new CoordinatorNotAvailableException("The coordinator is shut down");
        inFlight.removeAll().forEach(w -> w.done.completeExceptionally(closed));
    }
}
