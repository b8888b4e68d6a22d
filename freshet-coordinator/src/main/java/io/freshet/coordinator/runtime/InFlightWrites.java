package io.freshet.coordinator.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The writes appended but not yet durable, oldest first, each with the value every key it wrote had before it (its
 * undo), and an index from key to the writes touching it. Coordinator thread only.
 *
 * <pre>
 *   log:  ... durable | W1 (k1, k2) | W2 (k2) | W3 (k1) |  end
 *   committed value of k2 = W1's undo of k2;  of k1 = W1's undo of k1;  of any other key = its live value
 *   W2 durable  -> W1 and W2 done (durability is a prefix)
 *   W2 failed   -> revert W3, then W2 (newest first); fail both; W1 stays in flight
 * </pre>
 */
final class InFlightWrites {

    /** One write: its undo, the log end after it, and what completes when it is durable or fails. */
    static final class Write {
        final Map<StateKey, Object> undo;
        final long endOffset;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Write(Map<StateKey, Object> undo, long endOffset) {
            this.undo = undo;
            this.endOffset = endOffset;
        }
    }

    private final Deque<Write> writes = new ArrayDeque<>();
    private final Map<StateKey, Deque<Write>> byKey = new HashMap<>();

    Write add(Map<StateKey, Object> undo, long endOffset) {
        Write write = new Write(undo, endOffset);
        writes.addLast(write);
        undo.keySet().forEach(k -> byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(write));
        return write;
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    long newestEndOffset() {
        return writes.getLast().endOffset;
    }

    /** Removes and returns, oldest first, every write that ends at or before {@code endOffset}: they are durable. */
    List<Write> durableUpTo(long endOffset) {
        List<Write> done = new ArrayList<>();
        while (!writes.isEmpty() && writes.getFirst().endOffset <= endOffset) {
            Write write = writes.removeFirst();
            write.undo.keySet().forEach(k -> unindex(k, Deque::pollFirst));
            done.add(write);
        }
        return done;
    }

    /** Removes and returns, newest first, {@code failed} and every write after it; empty if it is no longer here. */
    List<Write> failedFrom(Write failed) {
        if (!writes.contains(failed)) {
            return List.of();
        }
        List<Write> reverted = new ArrayList<>();
        Write write;
        do {
            write = writes.removeLast();
            write.undo.keySet().forEach(k -> unindex(k, Deque::pollLast));
            reverted.add(write);
        } while (write != failed);
        return reverted;
    }

    /** Removes and returns every write (the runtime is closing). */
    List<Write> removeAll() {
        List<Write> all = new ArrayList<>(writes);
        writes.clear();
        byKey.clear();
        return all;
    }

    Object committedValue(StateKey key, Function<StateKey, Object> live) {
        Deque<Write> touching = byKey.get(key);
        return touching == null ? live.apply(key) : touching.getFirst().undo.get(key);
    }

    boolean touches(StateKey key) {
        return byKey.containsKey(key);
    }

    Set<StateKey> keys() {
        return Collections.unmodifiableSet(byKey.keySet());
    }

    /** Drops a finished write from its key's queue: the oldest when durable, the newest when reverted. */
    private void unindex(StateKey key, Consumer<Deque<Write>> removeEnd) {
        Deque<Write> touching = byKey.get(key);
        removeEnd.accept(touching);
        if (touching.isEmpty()) {
            byKey.remove(key);
        }
    }
}
