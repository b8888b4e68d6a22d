package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reader's place in one partition: where the next read starts, the records read but not yet handed on (at most one
 * read's worth), and whether the log may have more. {@link #onAppend} is called on the appending thread and only
 * counts and wakes the owner; everything else belongs to the owner's thread (the session's or the share group's).
 */
final class PartitionCursor implements LogSignals.AppendWaiter {

    final TopicPartition partition;
    final ArrayDeque<LogRecord> pending = new ArrayDeque<>();

    private final Runnable wake;
    /** Appends seen by the listener; a read is due while it differs from {@link #seen}. */
    private final AtomicLong appends = new AtomicLong(1);
    private long seen;
    private long readOffset;
    private boolean reading;

    PartitionCursor(TopicPartition partition, long offset, Runnable wake) {
        this.partition = partition;
        this.readOffset = offset;
        this.wake = wake;
    }

    @Override
    public void onAppend() {
        appends.incrementAndGet();
        wake.run();
    }

    /** Where a reader restarts: the first record not yet handed on. */
    long position() {
        return pending.isEmpty() ? readOffset : pending.peekFirst().offset();
    }

    boolean wantsRead() {
        return !reading && pending.isEmpty() && appends.get() != seen;
    }

    boolean isReading() {
        return reading;
    }

    /** Marks a read as started; returns its offset. */
    long startRead() {
        reading = true;
        seen = appends.get();
        return readOffset;
    }

    void readDone(ReadResult result) {
        reading = false;
        for (LogRecord record : result.records()) {
            if (record.offset() >= readOffset) {
                pending.addLast(record);
            }
        }
        if (result.nextOffset() > readOffset) {
            readOffset = result.nextOffset();
            seen = -1; // there may be more right behind: read again without waiting for an append
        }
    }

    /** The read failed: no new read until {@link #retry()} or the next append. */
    void readFailed() {
        reading = false;
    }

    void retry() {
        seen = -1;
    }

    /**
     * Continues from {@code offset}: the log start, after a read failed because what was next is gone (retention,
     * or a memory topic's ring moved on, or emptied by a restart). That read is over, so the next one is due now.
     */
    void moveTo(long offset) {
        pending.clear();
        readOffset = offset;
        reading = false;
        seen = -1;
    }

    /**
     * Forgets the records read ahead and any read under way (its result is dropped by the owner), so the next read
     * starts at {@link #position()}.
     */
    void rewind() {
        readOffset = position();
        pending.clear();
        reading = false;
        seen = -1;
    }
}
