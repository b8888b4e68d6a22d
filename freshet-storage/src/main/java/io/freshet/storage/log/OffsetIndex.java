package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A sparse map from offset to file position within one segment: an entry at most every
 * {@code index.interval.bytes} bytes, each the base offset of a batch and where that batch starts.
 * A lookup returns where to start scanning for an offset.
 *
 * <p>One writer (the partition's appender) and many readers: entries are written before the volatile count that
 * publishes them, and a grown array holds every entry of the old one, so a reader always sees a consistent prefix.
 */
final class OffsetIndex {

    private final long baseOffset;
    /** Each entry packs (offset - baseOffset) in the high 32 bits and the file position in the low 32. */
    private volatile long[] entries;
    private volatile int count;

    OffsetIndex(long baseOffset) {
        this(baseOffset, new long[16], 0);
    }

    private OffsetIndex(long baseOffset, long[] entries, int count) {
        this.baseOffset = baseOffset;
        this.entries = entries;
        this.count = count;
    }

    /** Builds an index from entries read back from disk, or null if they are not well formed. */
    static OffsetIndex fromEntries(long[] entries, long baseOffset, int logSize) {
        if (!wellFormed(entries, logSize)) {
            return null;
        }
        return new OffsetIndex(baseOffset, entries.length == 0 ? new long[16] : entries, entries.length);
    }

    private static boolean wellFormed(long[] entries, int logSize) {
        long previous = -1;
        for (long entry : entries) {
            if (entry <= previous || position(entry) >= logSize || position(entry) < 0) {
                return false;
            }
            previous = entry;
        }
        return true;
    }

    void append(long offset, int position) {
        int n = count;
        long[] e = entries;
        if (n == e.length) {
            long[] grown = new long[n * 2];
            System.arraycopy(e, 0, grown, 0, n);
            e = grown;
            entries = grown;
        }
        e[n] = ((offset - baseOffset) << 32) | (position & 0xFFFFFFFFL);
        count = n + 1;
    }

    /** The position of the last indexed batch whose base offset is at most {@code offset}, or 0. */
    int lookup(long offset) {
        int n = count;
        long[] e = entries;
        long target = offset - baseOffset;
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (relativeOffset(e[mid]) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : position(e[found]);
    }

    /** The start of the last indexed batch that begins at or before {@code position}, or 0. */
    int lastBatchStartAtOrBefore(int position) {
        int n = count;
        long[] e = entries;
        int lo = 0;
        int hi = n - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (position(e[mid]) <= position) {
                found = position(e[mid]);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    void write(StorageIo io, Path file, int logSize, long nextOffset, long maxTimestamp) throws IOException {
        IndexFile.write(io, file, IndexFile.KIND_OFFSET, entries, count, logSize, nextOffset, maxTimestamp);
    }

    private static long relativeOffset(long entry) {
        return entry >>> 32;
    }

    private static int position(long entry) {
        return (int) entry;
    }
}
