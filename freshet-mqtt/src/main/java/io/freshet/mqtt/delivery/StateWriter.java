package io.freshet.mqtt.delivery;

import io.freshet.mqtt.state.StateStore;

import java.util.concurrent.CompletableFuture;

/**
 * Writes one key of the {@link StateStore} with at most one put in flight: a value submitted meanwhile waits, and a
 * later one replaces it (only the newest matters in a compacted topic). So however often the session changes, it
 * costs one write per round trip to the disk. Thread-safe: submitted on the session's thread, completed on the
 * store's.
 */
final class StateWriter {

    /** Told of each finished write (on the store's thread): the version it carried, and its failure or null. */
    interface Listener {
        void written(long version, Throwable failure);
    }

    private final StateStore store;
    private final String key;
    private final Listener listener;

    private boolean writing;
    private boolean hasQueued;
    private byte[] queued;
    private long queuedVersion;
    private CompletableFuture<Void> queuedDone;
    private volatile long durableVersion;

    StateWriter(StateStore store, String key, Listener listener) {
        this.store = store;
        this.key = key;
        this.listener = listener;
    }

    /**
     * Writes {@code value} (null: deletes the key) as state version {@code version}. Completes when it, or a newer
     * value that replaced it before it was written, is durable.
     */
    synchronized CompletableFuture<Void> submit(long version, byte[] value) {
        if (writing) {
            hasQueued = true;
            queued = value;
            queuedVersion = version;
            if (queuedDone == null) {
                queuedDone = new CompletableFuture<>();
            }
            return queuedDone;
        }
        return start(version, value, new CompletableFuture<>());
    }

    synchronized boolean isWriting() {
        return writing;
    }

    /** The newest version known to be durable. */
    long durableVersion() {
        return durableVersion;
    }

    private CompletableFuture<Void> start(long version, byte[] value, CompletableFuture<Void> done) {
        writing = true;
        CompletableFuture<Void> write;
        try {
            write = value == null ? store.delete(key) : store.put(key, value);
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        write.whenComplete((ignored, failure) -> written(version, failure, done));
        return done;
    }

    private void written(long version, Throwable failure, CompletableFuture<Void> done) {
        synchronized (this) {
            writing = false;
            if (failure == null && version > durableVersion) {
                durableVersion = version;
            }
            if (hasQueued) {
                hasQueued = false;
                CompletableFuture<Void> next = queuedDone;
                queuedDone = null;
                byte[] value = queued;
                queued = null;
                start(queuedVersion, value, next);
            }
        }
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
        listener.written(version, failure);
    }
}
