package io.freshet.http.stream;

/**
 * Where a {@link StreamSubscriber} writes: an SSE response or a WebSocket. Event loop only; writes are not flushed
 * until {@link #flush}.
 */
interface StreamSink {

    /** Below Netty's write-buffer high water mark: takes more now. */
    boolean isWritable();

    /**
     * Records {@code from..} of {@code batch}, for a subscriber at {@code positions} (by partition) before them.
     * {@code shared}, when given, builds SSE bytes once for every subscriber at the same positions.
     */
    void records(EncodedBatch batch, int from, long[] positions, SharedSse shared);

    /** The subscriber skipped {@code missed} records of {@code partition}; {@code positions} are after the skip. */
    void gap(int partition, long missed, long[] positions);

    void flush();

    /** The stream is over (its topic was deleted, or it failed): end it cleanly. */
    void end(String reason);
}
