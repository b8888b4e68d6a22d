package io.freshet.coordinator.share;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One acquire of one share partition for one member: a single pass over the batches read from the first acquirable
 * offset, taking the available records of the window (released, expired, come due) and the records past it (never
 * read by this group), within the fetch's and the partition's limits. Share coordinator thread only; used once.
 *
 * <p>The records past the window, and window records no one has looked at since a restart, are checked before they
 * are taken: a control batch is archived (never delivered; the client would skip it anyway), a record whose
 * {@code freshet.deliver.at} lies ahead stays AVAILABLE until then (written, so that a restart keeps it waiting)
 * and does not hold back the records after it. A read_committed group (share.isolation.level) looks at nothing at
 * or past the last stable offset, and archives the batches of aborted transactions as it does control batches.
 *
 * <p>Design note: the in-flight bound, share.partition.max.record.locks, counts the records acquired and those
 * waiting for a time (a delivery time, a release backoff): a waiting record stays in the window, and in every
 * snapshot written, until it is delivered and done, so waits cost memory and write size like locks do. Once the
 * bound is reached an acquire takes nothing more, and stops at the next record with a future delivery time, the
 * records after it waiting in log order. Kafka bounds the whole span from the start offset instead; counting only
 * what is locked or waiting is what lets a delayed record not hold back the ones after it, and it makes released
 * records backing off slow a partition's intake down instead of letting the window grow behind them.
 */
final class Acquisition {

    private final SharePartition partition;
    private final InFlightWindow window;
    private final String member;
    private final AcquireLimits limits;
    private final ShareGroupSettings settings;
    private final long nowMs;
    private final long lockDeadlineMs;
    private final Changes changes;
    /** Records that may still be acquired or left waiting: the in-flight bound less those in flight already. */
    private long inFlightLeft;
    private long taken;
    private boolean full;
    private final List<Acquired.AcquiredRange> acquired = new ArrayList<>();
    private boolean batchTaken;
    /** read_committed: the aborted transactions overlapping what is read; empty otherwise. */
    private List<ShareLogReader.AbortedTransaction> aborted = List.of();

    Acquisition(SharePartition partition, String member, AcquireLimits limits, ShareGroupSettings settings,
                int maxRecordLocks, long nowMs, Changes changes) {
        this.partition = partition;
        this.window = partition.window;
        this.member = member;
        this.limits = limits;
        this.settings = settings;
        this.nowMs = nowMs;
        this.lockDeadlineMs = nowMs + settings.recordLockDurationMs();
        this.changes = changes;
        this.inFlightLeft = maxRecordLocks - window.acquiredRecords() - waitingRecords();
    }

    Acquired run(ShareLogReader reader) {
        TopicPartition tp = partition.key.topicPartition();
        long from = firstAcquirable();
        // read_committed: nothing at or past the last stable offset (an open transaction) is looked at yet
        long end = settings.readCommitted() ? reader.lastStableOffset(tp) : reader.logEndOffset(tp);
        if (inFlightLeft <= 0 || limits.maxRecords() <= 0 || from >= end) {
            partition.heldAtBound |= inFlightLeft <= 0 && from < end;
            return nothing();
        }
        aborted = settings.readCommitted() ? reader.abortedTransactions(tp, from, end) : List.of();
        Records records = reader.read(tp, from, limits.maxBytes());
        ByteBuffer buffer = records instanceof MemoryRecords memory ? memory.buffer() : null;
        // MemoryRecords.slice counts from the buffer's first byte, FileRecords.slice from the records' own start
        int position = buffer == null ? 0 : buffer.position();
        List<Selected> selected = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            int at = position;
            position += batch.sizeInBytes();
            if (batch.lastOffset() < from) {
                continue;
            }
            if (batch.baseOffset() >= end) {
                break; // a transactional batch starts the open transaction: the last stable offset is its base
            }
            if (full || taken >= limits.maxRecords()) {
                break; // batch_optimized may end past MaxRecords, but starts no batch once it is reached
            }
            batchTaken = false;
            take(batch, buffer == null ? null : buffer.slice(at, batch.sizeInBytes()), from);
            if (batchTaken) {
                selected.add(new Selected(batch, at));
            }
        }
        window.advanceStart();
        partition.heldAtBound |= inFlightLeft <= 0;
        return new Acquired(select(records, selected), merged(), settings.recordLockDurationMs());
    }

    private record Selected(RecordBatch batch, int position) {
    }

    /** Records of the window waiting for a time that has not come: a delivery time or a release backoff. */
    private long waitingRecords() {
        long waiting = 0;
        for (InFlightRange range : window.ranges()) {
            if (range.state == RecordState.AVAILABLE && range.availableAtMs > nowMs) {
                waiting += range.size();
            }
        }
        return waiting;
    }

    /** The first offset of the window that may be acquired now, else the window's end. */
    private long firstAcquirable() {
        for (InFlightRange range : window.ranges()) {
            if (range.isAcquirableAt(nowMs)) {
                return range.first;
            }
        }
        return window.endOffset();
    }

    private void take(RecordBatch batch, ByteBuffer bytes, long from) {
        long first = Math.max(Math.max(batch.baseOffset(), from), window.startOffset());
        long last = batch.lastOffset();
        if (first > last) {
            return;
        }
        if (first > window.endOffset()) {
            window.fillTo(first, RecordState.ARCHIVED); // offsets no batch holds: compacted away, not records
        }
        if (batch.isControlBatch()) {
            archiveUnread(first, last); // a transaction marker, no record: archived, not delivered
            return;
        }
        if (isAborted(batch)) {
            archiveAborted(first, last);
            return;
        }
        Delays delays = new Delays(batch, bytes, nowMs);
        if (first < window.endOffset()) {
            for (InFlightRange range : new ArrayList<>(window.overlapping(first, Math.min(last, window.endOffset() - 1)))) {
                if (full) {
                    return;
                }
                if (range.isAcquirableAt(nowMs)) {
                    takeInWindow(range, Math.max(range.first, first), Math.min(range.last, last), delays);
                }
            }
        }
        if (!full && last >= window.endOffset()) {
            takeChecked(window.endOffset(), last, delays, false);
        }
    }

    /** A batch of an aborted transaction (only read_committed groups are given any). */
    private boolean isAborted(RecordBatch batch) {
        if (!batch.isTransactional()) {
            return false;
        }
        for (ShareLogReader.AbortedTransaction txn : aborted) {
            if (txn.covers(batch.producerId(), batch.baseOffset())) {
                return true;
            }
        }
        return false;
    }

    private void takeInWindow(InFlightRange range, long first, long last, Delays delays) {
        if (range.deliveryCount >= settings.deliveryCountLimit()) {
            // the limit was lowered since its last delivery: it has had its chances
            for (InFlightRange r : window.isolate(first, last)) {
                window.finish(r, RecordState.ARCHIVED);
                changes.archived(r, DeadLetters.Reason.DELIVERY_COUNT_EXCEEDED);
            }
        } else if (range.isUnchecked()) {
            takeChecked(first, last, delays, true);
        } else {
            takeRun(first, last, true);
        }
    }

    /** Takes {@code [first, last]} but for the records whose delivery time lies ahead, which wait for it. */
    private void takeChecked(long first, long last, Delays delays, boolean inWindow) {
        long next = first;
        for (Map.Entry<Long, Long> delayed : delays.between(first, last).entrySet()) {
            if (delayed.getKey() > next) {
                takeRun(next, delayed.getKey() - 1, inWindow);
            }
            if (full) {
                return;
            }
            if (!inWindow && inFlightLeft <= 0) {
                full = true; // as many records in flight as the partition may have: the rest waits behind them
                return;
            }
            waitFor(delayed.getKey(), delayed.getValue(), inWindow);
            next = delayed.getKey() + 1;
        }
        if (next <= last) {
            takeRun(next, last, inWindow);
        }
    }

    private void waitFor(long offset, long atMs, boolean inWindow) {
        if (inWindow) {
            window.isolate(offset, offset).get(0).availableAtMs = atMs;
        } else {
            window.append(offset, offset, RecordState.AVAILABLE, (short) 0, atMs);
            inFlightLeft--;
        }
        changes.write = true;
    }

    private void takeRun(long first, long last, boolean inWindow) {
        long allowed = Math.min(last - first + 1, inFlightLeft);
        if (limits.recordLimit()) {
            allowed = Math.min(allowed, limits.maxRecords() - taken);
        }
        if (allowed <= 0) {
            full = true;
            return;
        }
        long end = first + allowed - 1;
        List<InFlightRange> ranges = inWindow ? window.isolate(first, end)
            : List.of(window.append(first, end, RecordState.AVAILABLE, (short) 0, 0));
        for (InFlightRange range : ranges) {
            window.acquire(range, member, lockDeadlineMs);
            acquired.add(new Acquired.AcquiredRange(range.first, range.last, range.deliveryCount));
        }
        taken += allowed;
        inFlightLeft -= allowed;
        batchTaken = true;
        full = end < last;
    }

    private void archiveUnread(long first, long last) {
        if (first < window.endOffset()) {
            for (InFlightRange range : new ArrayList<>(window.overlapping(first, Math.min(last, window.endOffset() - 1)))) {
                if (range.isUnchecked()) {
                    for (InFlightRange r : window.isolate(Math.max(range.first, first), Math.min(range.last, last))) {
                        window.finish(r, RecordState.ARCHIVED);
                    }
                }
            }
        }
        window.fillTo(last + 1, RecordState.ARCHIVED);
    }

    /**
     * A read_committed group never delivers an aborted transaction's records: archived, also those delivered before
     * (under read_uncommitted) and available again; those still locked end as their holders acknowledge them.
     */
    private void archiveAborted(long first, long last) {
        if (first < window.endOffset()) {
            for (InFlightRange range : new ArrayList<>(window.overlapping(first, Math.min(last, window.endOffset() - 1)))) {
                if (range.state == RecordState.AVAILABLE) {
                    for (InFlightRange r : window.isolate(Math.max(range.first, first), Math.min(range.last, last))) {
                        window.finish(r, RecordState.ARCHIVED);
                    }
                    changes.write = true;
                }
            }
        }
        window.fillTo(last + 1, RecordState.ARCHIVED);
    }

    /** Adjacent acquired ranges with the same delivery count as one. */
    private List<Acquired.AcquiredRange> merged() {
        List<Acquired.AcquiredRange> out = new ArrayList<>(acquired.size());
        for (Acquired.AcquiredRange r : acquired) {
            Acquired.AcquiredRange prev = out.isEmpty() ? null : out.get(out.size() - 1);
            if (prev != null && prev.lastOffset() + 1 == r.firstOffset() && prev.deliveryCount() == r.deliveryCount()) {
                out.set(out.size() - 1, new Acquired.AcquiredRange(prev.firstOffset(), r.lastOffset(),
                    r.deliveryCount()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** The batches holding acquired records: a slice of what was read when they are consecutive, else a copy. */
    private static Records select(Records records, List<Selected> selected) {
        if (selected.isEmpty()) {
            return MemoryRecords.EMPTY;
        }
        Selected first = selected.get(0);
        Selected last = selected.get(selected.size() - 1);
        int end = last.position + last.batch.sizeInBytes();
        int bytes = 0;
        for (Selected s : selected) {
            bytes += s.batch.sizeInBytes();
        }
        if (bytes == end - first.position) {
            return records.slice(first.position, bytes);
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes);
        selected.forEach(s -> s.batch.writeTo(copy));
        copy.flip();
        return MemoryRecords.readableRecords(copy);
    }

    private Acquired nothing() {
        return new Acquired(MemoryRecords.EMPTY, List.of(), settings.recordLockDurationMs());
    }

    /** A batch's delivery times, looked up once and only if a record of it is taken unchecked. */
    private static final class Delays {
        private final RecordBatch batch;
        private final ByteBuffer bytes;
        private final long nowMs;
        private NavigableMap<Long, Long> times;
        private boolean known;

        Delays(RecordBatch batch, ByteBuffer bytes, long nowMs) {
            this.batch = batch;
            this.bytes = bytes;
            this.nowMs = nowMs;
        }

        NavigableMap<Long, Long> between(long first, long last) {
            if (!known) {
                times = DeliveryTimes.of(batch, bytes, batch.baseOffset(), nowMs);
                known = true;
            }
            return times == null ? java.util.Collections.emptyNavigableMap() : times.subMap(first, true, last, true);
        }
    }
}
