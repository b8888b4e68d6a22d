package io.freshet.http.stream;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.ReadResult;
import io.freshet.http.error.HttpErrors;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * One stream's subscription to every partition of a topic (an SSE response or a WebSocket).
 *
 * <p><b>Positions.</b> {@code positions[p]} is the next offset of partition p to hand on; everything below it was
 * written to the sink (or skipped as a gap, and said so). It is also what an SSE {@code id:} names.
 *
 * <p><b>Caught up or behind.</b> A partition takes the shared tail's batch when the batch starts at or before its
 * position, no read of its own is under way, and the socket is writable. Otherwise it is behind: it reads the log at
 * its position ({@value #READ_BYTES} bytes at a time, only while the socket is writable, so at most one read's worth
 * waits in the socket's buffer beyond the high water mark), and takes tail batches again once its reads reach them.
 * A read below the log's start (retention, DeleteRecords, a memory topic's ring) skips to the start and writes a gap.
 *
 * <p><b>Threads.</b> Everything here belongs to the connection's event loop; read completions and topic changes hop
 * there. Never touches another stream's state.
 */
final class StreamSubscriber implements TailSubscriber, LiveTails.TopicWatcher {

    private static final Logger log = LoggerFactory.getLogger(StreamSubscriber.class);
    static final int READ_BYTES = 64 * 1024;

    private final EventLog eventLog;
    private final LiveTails tails;
    private final String topic;
    private final EventExecutor loop;
    private final ByteBufAllocator alloc;
    private final StreamSink sink;

    private long[] positions = new long[0];
    /** The highest end a tail batch showed: a partition below it has records to read. */
    private long[] knownEnds = new long[0];
    private boolean[] reading = new boolean[0];
    private PartitionTail[] joined = new PartitionTail[0];
    private boolean closed;
    /** Tail batches were written and not yet flushed. */
    private boolean unflushed;

    StreamSubscriber(EventLog eventLog, LiveTails tails, String topic, EventExecutor loop, ByteBufAllocator alloc,
                     StreamSink sink) {
        this.eventLog = eventLog;
        this.tails = tails;
        this.topic = topic;
        this.loop = loop;
        this.alloc = alloc;
        this.sink = sink;
    }

    /** On the loop: serves every partition from {@code start} (by partition). */
    void start(long[] start) {
        tails.watch(topic, this);
        addPartitions(start);
    }

    /** The positions now (a copy), as an SSE id names them. */
    long[] positions() {
        return positions.clone();
    }

    private void addPartitions(long[] start) {
        int from = positions.length;
        if (start.length <= from || closed) {
            return;
        }
        positions = Arrays.copyOf(positions, start.length);
        knownEnds = Arrays.copyOf(knownEnds, start.length);
        reading = Arrays.copyOf(reading, start.length);
        joined = Arrays.copyOf(joined, start.length);
        for (int p = from; p < start.length; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            positions[p] = start[p];
            // join first, then look at the end: an append the tail publishes before the join is inside the end read
            // after it, one after the join reaches this subscriber as a batch; the other order missed an append in
            // between until the next one
            joined[p] = tails.tail(tp, loop);
            joined[p].join(loop, this);
            knownEnds[p] = eventLog.endOffset(tp);
        }
        for (int p = from; p < start.length; p++) {
            readIfBehind(p);
        }
    }

    @Override
    public void onTailBatch(EncodedBatch batch, SharedSse shared) {
        int p = batch.partition;
        if (closed || p >= positions.length) {
            return;
        }
        knownEnds[p] = Math.max(knownEnds[p], batch.nextOffset);
        if (reading[p] || batch.nextOffset <= positions[p]) {
            return;
        }
        if (batch.fromOffset > positions[p] || !sink.isWritable()) {
            readIfBehind(p); // records before this batch, or the socket is full: read them when it drains
            return;
        }
        int from = batch.indexOf(positions[p]);
        if (from < batch.size()) {
            sink.records(batch, from, positions, from == 0 ? shared : null);
            unflushed = true;
        }
        positions[p] = batch.nextOffset;
    }

    @Override
    public void onTailBatchesDone() {
        if (unflushed) {
            unflushed = false;
            sink.flush();
        }
    }

    /** On the loop: the socket drained below its low water mark. */
    void onWritable() {
        for (int p = 0; p < positions.length; p++) {
            readIfBehind(p);
        }
    }

    private void readIfBehind(int p) {
        if (closed || reading[p] || positions[p] >= knownEnds[p] || !sink.isWritable()) {
            return;
        }
        reading[p] = true;
        long from = positions[p];
        // always a task, even when the read completed at once: a long backlog is read one task at a time, so the
        // loop's other connections get their turn in between and the stack does not grow
        eventLog.read(new TopicPartition(topic, p), from, READ_BYTES).whenComplete((result, failure) ->
            loop.execute(() -> readDone(p, from, result, failure)));
    }

    private void readDone(int p, long from, ReadResult result, Throwable failure) {
        reading[p] = false;
        if (closed) {
            return;
        }
        if (failure != null) {
            readFailed(p, from, HttpErrors.unwrap(failure));
            return;
        }
        long next = Math.max(from, result.nextOffset());
        if (!result.records().isEmpty()) {
            EncodedBatch batch = EncodedBatch.encode(alloc, p, from, result);
            tails.ownReadEncoded.add(batch.size());
            try {
                if (batch.size() > 0) {
                    sink.records(batch, 0, positions, null);
                }
            } finally {
                batch.release();
            }
        }
        positions[p] = next;
        sink.flush();
        long end = eventLog.endOffset(new TopicPartition(topic, p));
        // after progress, read on to the log's end; after an empty read, only if the log says there is more
        knownEnds[p] = next > from ? Math.max(knownEnds[p], end) : Math.min(knownEnds[p], end);
        readIfBehind(p);
    }

    private void readFailed(int p, long from, Throwable cause) {
        if (cause instanceof OffsetOutOfRangeException) {
            long start = eventLog.startOffset(new TopicPartition(topic, p));
            if (start > from) {
                positions[p] = start;
                sink.gap(p, start - from, positions);
                sink.flush();
                knownEnds[p] = Math.max(knownEnds[p], eventLog.endOffset(new TopicPartition(topic, p)));
                readIfBehind(p);
                return;
            }
        }
        log.debug("Stream of {}-{} ends: {}", topic, p, cause.toString());
        end(cause.getMessage());
    }

    @Override
    public void onPartitions(int partitions) {
        loop.execute(() -> {
            if (partitions > positions.length) {
                long[] start = Arrays.copyOf(positions, partitions);
                for (int p = positions.length; p < partitions; p++) {
                    start[p] = Math.max(0, eventLog.startOffset(new TopicPartition(topic, p))); // all of it is new
                }
                addPartitions(start);
            }
        });
    }

    @Override
    public void onDeleted() {
        loop.execute(() -> end("Topic " + topic + " was deleted"));
    }

    private void end(String reason) {
        if (closed) {
            return;
        }
        close();
        sink.end(reason);
    }

    /** On the loop: the client went away, or the stream ended. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        tails.unwatch(topic, this);
        for (PartitionTail tail : joined) {
            tail.leave(loop, this);
        }
    }

    boolean isClosed() {
        return closed;
    }
}
