package io.freshet.broker.handler;

import io.freshet.storage.log.PartitionLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The acks=all produces an event loop read in one pass over its ready connections, made durable at the end of that
 * pass by the loop itself ({@code log.flush.inline}): the loop runs its queued tasks after handling all the sockets
 * that were ready, so one task, queued by the first such produce, sees every request read meanwhile (pipelined
 * requests of one connection and those of other connections) and asks for one fsync per partition. One partition:
 * the loop fsyncs it when no fsync of it is under way ({@link PartitionLog#awaitDurableMayFsyncHere}), and the
 * answers go out in the same turn, with no hand-off to the fsync pool and back. Several: the pool fsyncs them in
 * parallel, as without the setting.
 *
 * <p>Threading: one instance per event loop (a thread local), touched only on it.
 */
final class InlineFsyncs {

    private static final ThreadLocal<InlineFsyncs> PER_LOOP = ThreadLocal.withInitial(InlineFsyncs::new);

    /** The partitions asked for in this pass, in order, each with its highest offset and its waiters. */
    private final Map<PartitionLog, Pending> pending = new LinkedHashMap<>();
    private boolean scheduled;

    private static final class Pending {
        long offset;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>(2);
    }

    private InlineFsyncs() {
    }

    /**
     * Completes once {@code offset} of {@code log} is durable; the fsync is asked for at the end of this pass of
     * {@code eventLoop}, the thread this is called on.
     */
    static CompletableFuture<Void> awaitDurable(PartitionLog log, long offset, Executor eventLoop) {
        return PER_LOOP.get().add(log, offset, eventLoop);
    }

    private CompletableFuture<Void> add(PartitionLog log, long offset, Executor eventLoop) {
        Pending p = pending.computeIfAbsent(log, l -> new Pending());
        p.offset = Math.max(p.offset, offset);
        CompletableFuture<Void> done = new CompletableFuture<>();
        p.waiters.add(done);
        if (!scheduled) {
            scheduled = true;
            eventLoop.execute(this::flush);
        }
        return done;
    }

    private void flush() {
        scheduled = false;
        boolean alone = pending.size() == 1;
        List<Map.Entry<PartitionLog, Pending>> batch = new ArrayList<>(pending.entrySet());
        pending.clear();
        for (Map.Entry<PartitionLog, Pending> entry : batch) {
            PartitionLog log = entry.getKey();
            Pending p = entry.getValue();
            CompletableFuture<Void> durable;
            try {
                durable = alone ? log.awaitDurableMayFsyncHere(p.offset) : log.awaitDurable(p.offset);
            } catch (RuntimeException e) {
                durable = CompletableFuture.failedFuture(e);
            }
            durable.whenComplete((ignored, failure) -> p.waiters.forEach(w -> {
                if (failure == null) {
                    w.complete(null);
                } else {
                    w.completeExceptionally(failure);
                }
            }));
        }
    }
}
