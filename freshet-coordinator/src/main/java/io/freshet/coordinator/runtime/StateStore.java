package io.freshet.coordinator.runtime;

import java.util.List;

/**
 * Coordinator state kept by key, which the runtime applies records to and reverts: committed offsets, pending
 * transactional offsets, groups, transactional ids. A store registers for its key type
 * ({@link CoordinatorRuntime#register}); all its methods run on the coordinator thread.
 *
 * <p>For plain key-value state, {@link #replay} is the only way the state changes: at load, when an operation's
 * records are written, and when a failed write is reverted to the values before it. A store whose objects are richer
 * than their records (a group holds parked requests and timers) changes its objects in the operation itself and
 * overrides {@link #onWrite} and {@link #revert}.
 */
public interface StateStore {

    /** The key's current value as a record would carry it; null when absent. Kept as the undo of a write. */
    Object valueOf(StateKey key);

    /** Sets the key's value (null: removes it), as read from the log at load. */
    void replay(StateKey key, Object value);

    /** Applies a record an operation has just written, before it is durable, so the next operation sees it. */
    default void onWrite(StateKey key, Object value) {
        replay(key, value);
    }

    /** Undoes a write that failed: {@code previous} is what {@link #valueOf} returned just before it. */
    default void revert(StateKey key, Object previous) {
        replay(key, previous);
    }

    /** Every live key with its current value, for a checkpoint. */
    void snapshotInto(List<StateRecord> out);
}
