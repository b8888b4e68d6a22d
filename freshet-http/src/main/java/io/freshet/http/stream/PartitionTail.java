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

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared reader of one partition's new records: on each append signal it reads what is new, once, encodes it
 * once ({@link EncodedBatch}) and hands the batch to every event loop that has subscribers ({@link LoopFanout}).
 * Subscribers that are behind read the log themselves; this reader only follows the end.
 *
 * <p>Threads: {@link #signal} runs on the appending thread and only counts and schedules. The read position and the
 * read under way belong to {@code executor} (the event loop of the partition's first subscriber). The fan-out map is
 * concurrent; each {@link LoopFanout}'s members belong to its loop.
 */
final class PartitionTail {

    private static final Logger log = LoggerFactory.getLogger(PartitionTail.class);
    static final int READ_BYTES = 128 * 1024;

    private final TopicPartition partition;
    private final EventLog eventLog;
    private final EventExecutor executor;
    private final ByteBufAllocator alloc;
    private final LongAdder encoded;
    private final ConcurrentHashMap<EventExecutor, LoopFanout> fanouts = new ConcurrentHashMap<>();
    private final AtomicInteger members = new AtomicInteger();
    /** Appends signalled; a read is due while it differs from {@link #seen}. */
    private final AtomicLong appends = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    // executor's state
    private long nextOffset = -1;
    private long seen = -1;
    private boolean reading;

    PartitionTail(TopicPartition partition, EventLog eventLog, EventExecutor executor, ByteBufAllocator alloc,
                  LongAdder encoded) {
        this.partition = partition;
        this.encoded = encoded;
        this.eventLog = eventLog;
        this.executor = executor;
        this.alloc = alloc;
    }

    TopicPartition partition() {
        return partition;
    }

    /** On {@code loop}, the subscriber's: from now on it gets every batch. */
    void join(EventExecutor loop, TailSubscriber subscriber) {
        fanouts.computeIfAbsent(loop, l -> new LoopFanout(l, alloc)).add(subscriber);
        members.incrementAndGet();
        signal();
    }

    /** On {@code loop}, the subscriber's. */
    void leave(EventExecutor loop, TailSubscriber subscriber) {
        LoopFanout fanout = fanouts.get(loop);
        if (fanout != null && fanout.remove(subscriber)) {
            members.decrementAndGet();
        }
    }

    /** The partition grew. Any thread; cheap. */
    void signal() {
        appends.incrementAndGet();
        schedule();
    }

    /** A task, not a call: a tail far behind reads batch after batch without deepening the stack. */
    private void schedule() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::pump);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // the server is closing
            }
        }
    }

    /** The topic is gone: no more reads. */
    void close() {
        closed = true;
    }

    private void pump() {
        scheduled.set(false);
        if (closed || reading) {
            return;
        }
        if (members.get() == 0) {
            nextOffset = -1; // nobody listens: no reads; a new subscriber restarts the tail at the end
            seen = appends.get();
            return;
        }
        if (nextOffset < 0) {
            nextOffset = eventLog.endOffset(partition);
        }
        long signalled = appends.get();
        if (signalled == seen) {
            return;
        }
        seen = signalled;
        reading = true;
        long from = nextOffset;
        eventLog.read(partition, from, READ_BYTES).whenComplete((result, failure) -> {
            if (executor.inEventLoop()) {
                readDone(from, result, failure);
            } else {
                executor.execute(() -> readDone(from, result, failure));
            }
        });
    }

    private void readDone(long from, ReadResult result, Throwable failure) {
        reading = false;
        if (closed) {
            return;
        }
        if (failure != null) {
            Throwable cause = HttpErrors.unwrap(failure);
            if (!(cause instanceof OffsetOutOfRangeException)) {
                log.debug("Tail of {} stops reading: {}", partition, cause.toString());
                return; // the topic is going away (its deletion closes this tail), or the next append retries
            }
            nextOffset = eventLog.startOffset(partition); // subscribers left behind read their own gap
            seen = -1;
        } else if (result.nextOffset() > from) {
            nextOffset = result.nextOffset();
            seen = -1; // more may be right behind: read again without waiting for an append
            if (!result.records().isEmpty()) {
                EncodedBatch batch = EncodedBatch.encode(alloc, partition.partition(), from, result);
                encoded.add(batch.size());
                publish(batch);
            }
        }
        schedule();
    }

    private void publish(EncodedBatch batch) {
        try {
            for (LoopFanout fanout : fanouts.values()) {
                fanout.offer(batch);
            }
        } finally {
            batch.release();
        }
    }
}
