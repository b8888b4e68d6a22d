package io.freshet.storage.log;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import java.util.function.LongConsumer;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The records of a memory partition: {@link MemorySegment}s by base offset, oldest first, the last one appended
 * to. Whole segments fall off the front, so the ring stays bounded: by {@code retention.bytes} (checked after every
 * append) and by {@code retention.ms}, measured from a segment's last append by the broker's clock. Its segments are
 * small, an eighth of {@code retention.bytes} (at most {@value #MAX_SEGMENT_BYTES} bytes, and at most
 * {@code segment.bytes}), and a segment is also rolled after an eighth of {@code retention.ms}, so what falls off at
 * once is a small part of what is kept.
 *
 * <p>Memory held: at most {@code retention.bytes} of batches plus the segment being filled (one larger batch
 * alone may exceed it), plus the buffer headroom of that segment.
 *
 * <p>Threading: changed only under the {@link MemoryLog}'s lock; read by any thread without it. There is always at
 * least one segment (the active one, empty at the log end when everything fell off).
 */
final class MemoryRing {

    static final int MAX_SEGMENT_BYTES = 8 * 1024 * 1024;
    private static final int MIN_SEGMENT_BYTES = 1024;
    private static final int SEGMENTS_PER_RETENTION = 8;

    private final ConcurrentSkipListMap<Long, MemorySegment> segments = new ConcurrentSkipListMap<>();
    private volatile MemorySegment active;
    private volatile long bytes;
    /** Told the ring's new first offset before a segment goes (see {@link #drop}). */
    private final LongConsumer beforeDrop;

    /**
     * @param beforeDrop called, under the owner's lock, with the first offset the ring will hold once a segment is
     *     dropped, before it is: the owner raises its log start first, so a reader that finds its offset gone
     *     already sees the start past it (and reports a gap rather than an error)
     */
    MemoryRing(long startOffset, long nowMs, LongConsumer beforeDrop) {
        this.beforeDrop = beforeDrop;
        startAt(startOffset, nowMs);
    }

    /** The size segments are filled to under {@code cfg}. */
    static int segmentBytes(LogConfig cfg) {
        long target = cfg.retentionBytes() / SEGMENTS_PER_RETENTION;
        long cap = Math.min(cfg.segmentBytes(), MAX_SEGMENT_BYTES);
        return (int) Math.max(MIN_SEGMENT_BYTES, Math.min(target, cap));
    }

    /** How old a segment may grow before the next append starts a new one. */
    private static long rollMs(LogConfig cfg) {
        long retentionMs = cfg.retentionMs();
        return retentionMs < 0 ? cfg.segmentMs()
            : Math.min(cfg.segmentMs(), Math.max(1, retentionMs / SEGMENTS_PER_RETENTION));
    }

    /** Appends batches whose offsets are assigned, then drops what falls outside the bounds. */
    void append(MemoryRecords records, IncomingBatches.Assigned assigned, long nowMs, LogConfig cfg) {
        int size = records.sizeInBytes();
        int segmentBytes = segmentBytes(cfg);
        MemorySegment segment = active;
        boolean full = (long) segment.sizeInBytes() + size > segmentBytes;
        boolean old = nowMs - segment.createdMs() >= rollMs(cfg);
        if (segment.sizeInBytes() > 0 && (full || old)) {
            segment.trim();
            segment = startAt(assigned.firstOffset(), nowMs);
        }
        segment.append(records, assigned.firstOffset(), assigned.lastOffset(), assigned.maxTimestamp(), nowMs,
            segmentBytes, cfg.indexIntervalBytes());
        bytes += size;
    }

    /**
     * Drops the oldest segments while the ring holds more than {@code retention.bytes} (never the active one) or
     * their last append is more than {@code retention.ms} ago (the active one too: then the ring starts again
     * empty at {@code endOffset}). Returns how many segments were dropped.
     */
    int evict(long nowMs, long endOffset, LogConfig cfg) {
        int dropped = 0;
        for (MemorySegment segment : segments.values()) {
            boolean expired = cfg.retentionMs() >= 0 && nowMs - segment.lastAppendMs() > cfg.retentionMs();
            boolean oversized = bytes > cfg.retentionBytes() && segment != active;
            if (!(expired || oversized) || segment.sizeInBytes() == 0) {
                break;
            }
            drop(segment, endOffset, nowMs);
            dropped++;
        }
        return dropped;
    }

    /** DeleteRecords: drops every segment wholly below {@code offset} (the active one too if it ends there). */
    int dropBefore(long offset, long endOffset, long nowMs) {
        int dropped = 0;
        for (MemorySegment segment : segments.values()) {
            if (segment.nextOffset() > offset || segment.sizeInBytes() == 0) {
                break;
            }
            drop(segment, endOffset, nowMs);
            dropped++;
        }
        return dropped;
    }

    private void drop(MemorySegment segment, long endOffset, long nowMs) {
        if (segment == active) {
            startAt(endOffset, nowMs); // added before the old one goes: readers always find a segment
        }
        beforeDrop.accept(segments.higherKey(segment.baseOffset()));
        segments.remove(segment.baseOffset());
        bytes -= segment.sizeInBytes();
    }

    private MemorySegment startAt(long baseOffset, long nowMs) {
        MemorySegment fresh = new MemorySegment(baseOffset, nowMs);
        segments.put(baseOffset, fresh);
        active = fresh;
        return fresh;
    }

    /** Lets go of every record (the partition was deleted). */
    void clear(long endOffset, long nowMs) {
        segments.clear();
        bytes = 0;
        startAt(endOffset, nowMs);
    }

    /** The first offset the ring holds (its end when it holds nothing). */
    long firstOffset() {
        return segments.firstKey();
    }

    /**
     * Batches from {@code fetchOffset}, none at or above {@code endOffset}, from one segment.
     *
     * @throws OffsetOutOfRangeException when the offset fell off the ring meanwhile
     */
    MemoryRecords read(long fetchOffset, long endOffset, int maxBytes, boolean minOneMessage) {
        Map.Entry<Long, MemorySegment> entry = segments.floorEntry(fetchOffset);
        if (entry == null) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is no longer in memory");
        }
        while (entry != null && entry.getKey() < endOffset) {
            MemorySegment segment = entry.getValue();
            if (segment.nextOffset() > fetchOffset) {
                return segment.read(fetchOffset, endOffset, maxBytes, minOneMessage);
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return MemoryRecords.EMPTY;
    }

    /** The first record at or after {@code fromOffset} with a timestamp of at least {@code timestampMs}. */
    Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(long timestampMs, long fromOffset, long endOffset,
                                                               int maxDecompressedBytes) {
        for (MemorySegment segment : segments.values()) {
            if (segment.nextOffset() <= fromOffset) {
                continue;
            }
            Optional<FileRecords.TimestampAndOffset> found = segment.searchForTimestamp(timestampMs, fromOffset,
                maxDecompressedBytes);
            if (found.isPresent()) {
                return found.get().offset < endOffset ? found : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The record with the largest timestamp at or after {@code fromOffset}; the earliest one on ties. */
    Optional<FileRecords.TimestampAndOffset> maxTimestampOffset(long fromOffset, int maxDecompressedBytes) {
        MemorySegment best = null;
        for (MemorySegment segment : segments.values()) {
            if (segment.nextOffset() > fromOffset && (best == null || segment.maxTimestamp() > best.maxTimestamp())) {
                best = segment;
            }
        }
        return best == null ? Optional.empty() : best.largestTimestamp(fromOffset, maxDecompressedBytes);
    }

    long sizeInBytes() {
        return bytes;
    }

    int segmentCount() {
        return segments.size();
    }
}
