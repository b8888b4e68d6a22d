package io.freshet.http.stream;

/** A subscriber of a {@link PartitionTail}: handed each batch the tail read, on the subscriber's own event loop. */
interface TailSubscriber {

    /**
     * The tail read {@code batch}. {@code shared} builds SSE events once for every subscriber of this event loop at
     * the same positions. Neither may be kept after this returns (retain what is written).
     */
    void onTailBatch(EncodedBatch batch, SharedSse shared);
}
