package io.freshet.coordinator.runtime;

import org.apache.kafka.common.utils.Time;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every coordinator runs on: one thread, one internal log, the state stores registered for its keys, one write
 * path, one checkpoint routine and one timer. One instance per coordinator (groups, transactions, ...).
 *
 * <pre>
 *  request ─call─> coordinator thread ─> operation ─> CoordinatorResult(records, response)
 *                                                        │ write
 *      stores.onWrite (visible to the next operation) <──┤
 *      StateLog.append (one batch) ──────────────────────┤── throws: revert, fail
 *      in-flight writes (undo per key) ─ awaitDurable ───┘
 *          durable: release the response          failed: revert newest..failed, fail them
 *  reads (OffsetFetch, ...) ─> committedView(): the undo of the oldest in-flight write, else the live value
 * </pre>
 *
 * <p>Everything but {@link #call}, {@link #runDueTimers} and {@link #close} must be called on the coordinator
 * thread (from inside a {@code call}, a timer task or a write's completion).
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private final Time time;
    private final CoordinatorThread thread;
    private final CoordinatorTimer timer;
    private final StateLog stateLog;
    private final StateStores stores = new StateStores();
    private final WritePath writes;
    private final Checkpointer checkpointer;

    /**
     * @param threadName      the coordinator thread's name, e.g. freshet-group-coordinator
     * @param checkpointBytes bytes appended between two checkpoints of the internal log
     */
    public CoordinatorRuntime(String threadName, Time time, StateLog stateLog, long checkpointBytes) {
        this.time = time;
        this.thread = new CoordinatorThread(threadName);
        this.timer = new CoordinatorTimer(time, thread);
        this.stateLog = stateLog;
        this.writes = new WritePath(threadName, time, stateLog, stores, thread);
        this.checkpointer = new Checkpointer(threadName, stateLog, stores, writes, checkpointBytes);
    }

    /** Routes records whose key is a {@code keyType} to {@code store}. Before {@link #load}. */
    public void register(Class<? extends StateKey> keyType, StateStore store) {
        stores.register(keyType, store);
    }

    /** Replays the internal log into the stores; returns the number of records. Coordinator thread. */
    public int load() {
        return stateLog.replay(stores::replay);
    }

    /** Runs {@code work} on the coordinator thread (see {@link CoordinatorThread#call}). Any thread. */
    public <T> CompletableFuture<T> call(String subject, Supplier<CompletableFuture<T>> work) {
        return thread.call(subject, work);
    }

    /**
     * Applies the result's records at once, appends them, and completes with its response once they (and every
     * write before them) are durable; fails with the storage error once they are reverted.
     */
    public <T> CompletableFuture<T> write(CoordinatorResult<T> result) {
        return write(result.records()).thenApply(v -> result.response());
    }

    public CompletableFuture<Void> write(List<StateRecord> records) {
        if (!thread.isCurrent()) {
            throw new IllegalStateException("A coordinator's state is written on its own thread only");
        }
        CompletableFuture<Void> durable = writes.write(records);
        checkpointer.maybeCheckpoint();
        return durable;
    }

    /** What reads answer with: the durable state. */
    public CommittedView committedView() {
        return writes.committedView();
    }

    /** Whether a write of this key is not yet durable (the transaction coordinator's busy rule). */
    public boolean isInFlight(StateKey key) {
        return writes.isInFlight(key);
    }

    public Time time() {
        return time;
    }

    /** Runs tasks on the coordinator thread: to come back after waiting for storage or another coordinator. */
    public Executor executor() {
        return thread::execute;
    }

    public CoordinatorTimer timer() {
        return timer;
    }

    /**
     * Runs, on the coordinator thread, every timer whose deadline has passed on the coordinator's clock. The thread
     * wakes itself for its timers; this is for clocks that jump (a manual clock in tests). Any thread.
     */
    public CompletableFuture<Void> runDueTimers() {
        return call("timers", () -> {
            timer.runDue();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Fails in-flight writes (COORDINATOR_NOT_AVAILABLE) and stops the thread. Any thread. */
    @Override
    public void close() {
        thread.execute(writes::failAll);
        thread.stop();
    }
}
