package io.freshet.http.stream;

/** A subscriber of a {@link PartitionTail}: handed the batches the tail read, on the subscriber's own event loop. */
interface TailSubscriber {

    /**
     * The tail read {@code batch}: write it, without flushing. {@code shared} builds SSE events once for every
     * subscriber of this event loop at the same positions. Neither may be kept after this returns (retain what is
     * written).
     */
    void onTailBatch(EncodedBatch batch, SharedSse shared);

    /** The batches handed over together are all written: flush, once for all of them. */
    void onTailBatchesDone();
}
