package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A sparse map from timestamp to offset within one segment. Entry {@code (t, o)} says: every record at an offset
 * up to {@code o} has a timestamp of at most {@code t}. So the first record with a timestamp at or after a target
 * lies after the last entry whose time is before the target. Entries are strictly increasing in both.
 *
 * <p>Threading as {@link OffsetIndex}: one writer, many readers, a volatile count publishes entries.
 */
final class TimeIndex {

    private final long baseOffset;
    /** Pairs: entries[2i] is a timestamp, entries[2i+1] the offset of the record that carried it. */
    private volatile long[] entries;
    private volatile int count;

    TimeIndex(long baseOffset) {
        this(baseOffset, new long[32], 0);
    }

    private TimeIndex(long baseOffset, long[] entries, int count) {
        this.baseOffset = baseOffset;
        this.entries = entries;
        this.count = count;
    }

    /** Builds an index from pairs read back from disk, or null if they are not well formed. */
    static TimeIndex fromEntries(long[] pairs, long baseOffset) {
        if (pairs.length % 2 != 0) {
            return null;
        }
        for (int i = 2; i < pairs.length; i += 2) {
            if (pairs[i] <= pairs[i - 2] || pairs[i + 1] <= pairs[i - 1]) {
                return null;
            }
        }
        for (int i = 1; i < pairs.length; i += 2) {
            if (pairs[i] < baseOffset) {
                return null;
            }
        }
        return new TimeIndex(baseOffset, pairs.length == 0 ? new long[32] : pairs, pairs.length / 2);
    }

    /** Records that offsets up to {@code offset} carry timestamps of at most {@code timestamp}, if that is news. */
    void maybeAppend(long timestamp, long offset) {
        int n = count;
        long[] e = entries;
        if (n > 0 && (timestamp <= e[2 * n - 2] || offset <= e[2 * n - 1])) {
            return;
        }
        if (2 * n + 2 > e.length) {
            long[] grown = new long[e.length * 2];
            System.arraycopy(e, 0, grown, 0, 2 * n);
            e = grown;
            entries = grown;
        }
        e[2 * n] = timestamp;
        e[2 * n + 1] = offset;
        count = n + 1;
    }

    /** An offset from which to scan for the first record with a timestamp at or after {@code timestamp}. */
    long scanStartFor(long timestamp) {
        int n = count;
        long[] e = entries;
        long start = baseOffset;
        for (int lo = 0, hi = n - 1; lo <= hi; ) {
            int mid = (lo + hi) >>> 1;
            if (e[2 * mid] < timestamp) {
                start = e[2 * mid + 1] + 1;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return start;
    }

    void write(StorageIo io, Path file, int logSize, long nextOffset, long maxTimestamp) throws IOException {
        IndexFile.write(io, file, IndexFile.KIND_TIME, entries, 2 * count, logSize, nextOffset, maxTimestamp);
    }
}
