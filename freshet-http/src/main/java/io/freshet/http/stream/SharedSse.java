package io.freshet.http.stream;

import io.freshet.http.routing.ResponseStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Arrays;

/**
 * The SSE events of one tail batch, built once per event loop and set of positions: subscribers that are caught up
 * on every partition share their positions, hence their {@code id:} lines, hence the whole bytes, and each writes a
 * retained duplicate. A subscriber at other positions gets (and caches) its own. Used on one event loop, for one
 * delivery of one batch.
 */
final class SharedSse {

    private final ByteBufAllocator alloc;
    private final EncodedBatch batch;
    private long[] key;
    private ByteBuf events;

    SharedSse(ByteBufAllocator alloc, EncodedBatch batch) {
        this.alloc = alloc;
        this.batch = batch;
    }

    /**
     * The events of the whole batch for a subscriber at {@code positions} before it, framed as one HTTP chunk
     * ({@link ResponseStream#frame}); the caller writes them ({@link ResponseStream#writeFramed}).
     */
    ByteBuf framedEventsFor(long[] positions) {
        if (events == null || !Arrays.equals(key, positions)) {
            release();
            ByteBuf plain = SseEvents.records(alloc, batch, 0, positions);
            try {
                events = ResponseStream.frame(alloc, plain);
            } finally {
                plain.release();
            }
            key = positions.clone();
        }
        return events.retainedDuplicate();
    }

    void release() {
        if (events != null) {
            events.release();
            events = null;
        }
    }
}
