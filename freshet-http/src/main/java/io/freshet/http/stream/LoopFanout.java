package io.freshet.http.stream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tail's subscribers on one event loop. The tail hands batches over with at most one task per loop waiting at a
 * time, not one per subscriber or per batch: batches that arrive while the loop is busy wait in a queue and go out
 * together, each subscriber writing them all and flushing once. So the busier the loop, the more records each
 * write and flush carries, and the per-subscriber cost (a pipeline pass and a syscall) is paid per hand-over, not per
 * batch. The member list belongs to the loop (joins and leaves run there).
 */
final class LoopFanout {

    private final EventExecutor loop;
    private final ByteBufAllocator alloc;
    private final List<TailSubscriber> members = new ArrayList<>();
    /** Batches handed over (each retained once for this fan-out), in the tail's order; one tail adds. */
    private final Queue<EncodedBatch> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopFanout(EventExecutor loop, ByteBufAllocator alloc) {
        this.loop = loop;
        this.alloc = alloc;
    }

    void add(TailSubscriber subscriber) {
        members.add(subscriber);
    }

    boolean remove(TailSubscriber subscriber) {
        return members.remove(subscriber);
    }

    /** Any thread (the tail's): queues {@code batch} for the loop's members; the caller keeps its own reference. */
    void offer(EncodedBatch batch) {
        batch.retain();
        pending.add(batch);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::deliver);
            } catch (RejectedExecutionException e) {
                releasePending(); // the server is closing
            }
        }
    }

    /** On the loop: every member gets every pending batch, then flushes once. */
    private void deliver() {
        scheduled.set(false);
        List<EncodedBatch> batches = new ArrayList<>();
        for (EncodedBatch batch = pending.poll(); batch != null; batch = pending.poll()) {
            batches.add(batch);
        }
        List<SharedSse> shared = new ArrayList<>(batches.size());
        try {
            if (members.isEmpty()) {
                return;
            }
            for (EncodedBatch batch : batches) {
                shared.add(new SharedSse(alloc, batch));
            }
            for (TailSubscriber member : List.copyOf(members)) {
                for (int i = 0; i < batches.size(); i++) {
                    member.onTailBatch(batches.get(i), shared.get(i));
                }
                member.onTailBatchesDone();
            }
        } finally {
            shared.forEach(SharedSse::release);
            batches.forEach(EncodedBatch::release);
        }
    }

    private void releasePending() {
        for (EncodedBatch batch = pending.poll(); batch != null; batch = pending.poll()) {
            batch.release();
        }
        scheduled.set(false);
    }
}
