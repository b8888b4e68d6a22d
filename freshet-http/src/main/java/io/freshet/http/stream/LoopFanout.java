package io.freshet.http.stream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;

/**
 * A tail's subscribers on one event loop: the tail hands a batch over with one task per loop, not one per
 * subscriber. The member list belongs to the loop (joins and leaves run there).
 */
final class LoopFanout {

    private final EventExecutor loop;
    private final ByteBufAllocator alloc;
    private final List<TailSubscriber> members = new ArrayList<>();

    LoopFanout(EventExecutor loop, ByteBufAllocator alloc) {
        this.loop = loop;
        this.alloc = alloc;
    }

    EventExecutor loop() {
        return loop;
    }

    void add(TailSubscriber subscriber) {
        members.add(subscriber);
    }

    boolean remove(TailSubscriber subscriber) {
        return members.remove(subscriber);
    }

    /** On the loop: every member gets the batch; the caller releases it afterwards. */
    void deliver(EncodedBatch batch) {
        if (members.isEmpty()) {
            return;
        }
        SharedSse shared = new SharedSse(alloc, batch);
        try {
            for (TailSubscriber member : List.copyOf(members)) {
                member.onTailBatch(batch, shared);
            }
        } finally {
            shared.release();
        }
    }
}
