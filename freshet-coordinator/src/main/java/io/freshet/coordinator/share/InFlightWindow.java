package io.freshet.coordinator.share;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-flight records of one share partition: ranges that cover {@code [startOffset, endOffset)} without gaps,
 * in offset order. Records before the start offset are done; records from the end offset on have never been read
 * by this group (available, never delivered). Share coordinator thread only.
 *
 * <pre>
 *   start                                                       end
 *     | 10..14 ACQUIRED m1 x1 | 15 ACKNOWLEDGED | 16..19 AVAILABLE x1 | 20.. (not read yet)
 * </pre>
 *
 * <p>Design note: a range is a whole batch as acquired and is split only where acknowledgements (or a delivery
 * time) treat its records apart, so the usual state is a handful of ranges however many records are in flight.
 * The count of acquired records is kept up to date here because every acquire checks it against
 * group.share.partition.max.record.locks.
 */
final class InFlightWindow {

    private final TreeMap<Long, InFlightRange> ranges = new TreeMap<>();
    private long startOffset;
    private long endOffset;
    private long acquiredRecords;

    InFlightWindow(long startOffset) {
        this.startOffset = startOffset;
        this.endOffset = startOffset;
    }

    /** The window as a snapshot left it: nothing acquired. */
    static InFlightWindow of(ShareSnapshot snapshot) {
        InFlightWindow window = new InFlightWindow(snapshot.startOffset());
        for (ShareSnapshot.Range r : snapshot.ranges()) {
            if (r.last() < window.endOffset) {
                continue; // not a well-formed snapshot; keep what is consistent
            }
            // between written ranges: records read before and never delivered, checked again when acquired
            window.fillTo(r.first(), RecordState.AVAILABLE);
            window.append(Math.max(r.first(), window.endOffset), r.last(), RecordState.of(r.state()),
                r.deliveryCount(), r.availableAtMs());
        }
        return window;
    }

    long startOffset() {
        return startOffset;
    }

    long endOffset() {
        return endOffset;
    }

    long acquiredRecords() {
        return acquiredRecords;
    }

    Collection<InFlightRange> ranges() {
        return ranges.values();
    }

    /**
     * Extends the window to {@code offset} with one range in {@code state}, never delivered: ARCHIVED for offsets
     * that are not records (a compacted stretch, a control batch), AVAILABLE for records not looked at yet.
     */
    void fillTo(long offset, RecordState state) {
        if (offset > endOffset) {
            append(endOffset, offset - 1, state, (short) 0, 0);
        }
    }

    /** Adds {@code [first, last]} at the end of the window; {@code first} is the end offset. */
    InFlightRange append(long first, long last, RecordState state, short deliveryCount, long availableAtMs) {
        if (first != endOffset) {
            throw new IllegalStateException("Appending " + first + " to a window ending at " + endOffset);
        }
        InFlightRange range = new InFlightRange(first, last, state, deliveryCount, availableAtMs);
        put(range);
        endOffset = last + 1;
        return range;
    }

    /**
     * The ranges covering {@code [first, last]}, split so that the first starts at {@code first} and the last ends
     * at {@code last}; both must lie in the window.
     */
    List<InFlightRange> isolate(long first, long last) {
        splitAt(first);
        splitAt(last + 1);
        return new ArrayList<>(ranges.subMap(first, true, last, true).values());
    }

    /** The ranges that overlap {@code [first, last]}, unsplit. */
    Collection<InFlightRange> overlapping(long first, long last) {
        Map.Entry<Long, InFlightRange> floor = ranges.floorEntry(first);
        long from = floor != null && floor.getValue().last >= first ? floor.getKey() : first;
        return ranges.subMap(from, true, last, true).values();
    }

    /** Whether every offset of {@code [first, last]} is in the window. */
    boolean covers(long first, long last) {
        return first >= startOffset && last < endOffset;
    }

    void acquire(InFlightRange range, String member, long deadlineMs) {
        range.acquire(member, deadlineMs);
        acquiredRecords += range.size();
    }

    /** The range's lock ends (released, expired, member gone); available from {@code atMs}. */
    void release(InFlightRange range, long atMs) {
        unlock(range);
        range.makeAvailable(atMs);
    }

    /**
     * The range is done: acknowledged, or archived (rejected, a gap, past the delivery limit). It is joined with a
     * done neighbour in the same state into a new range, so that records acknowledged one by one, in any order, end
     * as one range; {@code range} itself keeps its offsets and count for the caller.
     */
    void finish(InFlightRange range, RecordState terminal) {
        unlock(range);
        range.finish(terminal);
        Map.Entry<Long, InFlightRange> lower = ranges.lowerEntry(range.first);
        Map.Entry<Long, InFlightRange> higher = ranges.higherEntry(range.first);
        InFlightRange left = lower != null && joins(lower.getValue(), range) ? lower.getValue() : null;
        InFlightRange right = higher != null && joins(range, higher.getValue()) ? higher.getValue() : null;
        if (left == null && right == null) {
            return;
        }
        short count = range.deliveryCount;
        if (left != null) {
            count = (short) Math.max(count, left.deliveryCount);
            ranges.remove(left.first);
        }
        if (right != null) {
            count = (short) Math.max(count, right.deliveryCount);
            ranges.remove(right.first);
        }
        ranges.remove(range.first);
        InFlightRange joined = new InFlightRange(left != null ? left.first : range.first,
            right != null ? right.last : range.last, terminal, count, 0);
        ranges.put(joined.first, joined);
    }

    private static boolean joins(InFlightRange left, InFlightRange right) {
        return left.last + 1 == right.first && left.state == right.state && left.state.isTerminal();
    }

    private void unlock(InFlightRange range) {
        if (range.state == RecordState.ACQUIRED) {
            acquiredRecords -= range.size();
        }
    }

    /** Moves the start past the leading acknowledged and archived records; returns whether it moved. */
    boolean advanceStart() {
        long before = startOffset;
        while (!ranges.isEmpty() && ranges.firstEntry().getValue().state.isTerminal()) {
            InFlightRange done = ranges.pollFirstEntry().getValue();
            startOffset = done.last + 1;
        }
        if (ranges.isEmpty()) {
            startOffset = endOffset;
        }
        return startOffset != before;
    }

    /**
     * Moves the start to {@code offset} (log truncation, AlterShareGroupOffsets): state before it is forgotten, and
     * past the end the window is empty from there.
     */
    void moveStartTo(long offset) {
        if (offset <= startOffset) {
            return;
        }
        if (offset >= endOffset) {
            ranges.values().forEach(this::unlock);
            ranges.clear();
            startOffset = endOffset = offset;
            return;
        }
        splitAt(offset);
        while (ranges.firstKey() < offset) {
            unlock(ranges.pollFirstEntry().getValue());
        }
        startOffset = offset;
    }

    /**
     * The state to write: from the start, every range but those never delivered, available at once. An ACQUIRED
     * range is written as it was before its acquisition, AVAILABLE with one delivery less: the delivery in progress
     * is not recorded, as Kafka records it (KIP-932: "an Acquired record with a delivery count of 1 is recorded as
     * Available with a delivery count of 0"), so a restart hands it out again as that same delivery.
     */
    ShareSnapshot snapshot() {
        List<ShareSnapshot.Range> out = new ArrayList<>();
        for (InFlightRange r : ranges.values()) {
            boolean acquired = r.state == RecordState.ACQUIRED;
            RecordState state = acquired ? RecordState.AVAILABLE : r.state;
            short count = acquired ? (short) (r.deliveryCount - 1) : r.deliveryCount;
            long availableAt = state == RecordState.AVAILABLE && !acquired ? r.availableAtMs : 0;
            if (state == RecordState.AVAILABLE && count == 0 && availableAt == 0) {
                continue; // never delivered, available at once: what a gap in the snapshot means
            }
            ShareSnapshot.Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            boolean done = state.isTerminal(); // a done record's count no longer matters
            if (last != null && last.last() + 1 == r.first && last.state() == state.code
                && (done || last.deliveryCount() == count) && last.availableAtMs() == availableAt) {
                out.set(out.size() - 1, new ShareSnapshot.Range(last.first(), r.last, state.code,
                    (short) Math.max(last.deliveryCount(), count), availableAt));
            } else {
                out.add(new ShareSnapshot.Range(r.first, r.last, state.code, count, availableAt));
            }
        }
        return new ShareSnapshot(startOffset, out);
    }

    private void put(InFlightRange range) {
        ranges.put(range.first, range);
        if (range.state == RecordState.ACQUIRED) {
            acquiredRecords += range.size();
        }
    }

    private void splitAt(long offset) {
        Map.Entry<Long, InFlightRange> floor = ranges.floorEntry(offset);
        if (floor == null || floor.getKey() == offset || floor.getValue().last < offset) {
            return;
        }
        InFlightRange tail = floor.getValue().splitAt(offset);
        ranges.put(tail.first, tail);
    }

    @Override
    public String toString() {
        return "[" + startOffset + ", " + endOffset + ") " + ranges.values();
    }
}
