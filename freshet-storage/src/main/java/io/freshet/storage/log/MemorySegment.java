package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One segment of a memory partition's ring ({@link MemoryRing}): record batches back to back in a heap buffer,
 * exactly as a {@link LogSegment} holds them in its file, with the same sparse {@link OffsetIndex} and
 * {@link TimeIndex}. The buffer starts small and doubles as batches arrive, up to the ring's segment size, so an
 * idle partition holds a few KiB; a segment rolled away from is trimmed to its contents.
 *
 * <p>Threading: appended to only under the {@link MemoryLog}'s lock; read by any thread without it. Bytes below the
 * volatile {@link #size} never change, and a grown or trimmed buffer is a copy holding all of them, published
 * before the size that covers new bytes: a reader that reads the size, then the buffer, sees whole batches.
 */
final class MemorySegment {

    private static final int INITIAL_CAPACITY = 4096;
    /** Trimmed when rolled away from if the buffer is more than this much larger than its contents. */
    private static final double TRIM_SLACK = 1.25;

    private final long baseOffset;
    private final long createdMs;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private volatile ByteBuffer buffer;
    private volatile int size;
    private volatile long nextOffset;
    private volatile long maxTimestamp = -1;
    /** The broker's time of the last append: what {@code retention.ms} measures. */
    private volatile long lastAppendMs;
    private int bytesSinceLastIndexEntry;

    MemorySegment(long baseOffset, long nowMs) {
        this.baseOffset = baseOffset;
        this.createdMs = nowMs;
        this.lastAppendMs = nowMs;
        this.nextOffset = baseOffset;
        this.offsetIndex = new OffsetIndex(baseOffset);
        this.timeIndex = new TimeIndex(baseOffset);
        this.buffer = ByteBuffer.allocate(0);
    }

    /** Copies in batches whose offsets are assigned; {@code maxBytes} caps how far the buffer grows ahead. */
    void append(MemoryRecords records, long firstOffset, long lastOffset, long batchMaxTimestamp, long nowMs,
                int maxBytes, int indexIntervalBytes) {
        int position = size;
        int bytes = records.sizeInBytes();
        ByteBuffer target = capacityFor(position + bytes, maxBytes);
        target.put(position, records.buffer(), records.buffer().position(), bytes);
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
        }
        if (position == 0 || bytesSinceLastIndexEntry >= indexIntervalBytes) {
            offsetIndex.append(firstOffset, position);
            timeIndex.maybeAppend(maxTimestamp, lastOffset);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += bytes;
        lastAppendMs = nowMs;
        nextOffset = lastOffset + 1;
        size = position + bytes; // publishes the bytes above
    }

    private ByteBuffer capacityFor(int needed, int maxBytes) {
        ByteBuffer current = buffer;
        if (needed <= current.capacity()) {
            return current;
        }
        int capacity = Math.max(needed, Math.min(maxBytes, Math.max(INITIAL_CAPACITY, 2 * current.capacity())));
        return replaceBuffer(capacity);
    }

    /** No more appends: gives back what the doubling reserved beyond the contents. */
    void trim() {
        if (buffer.capacity() > size * TRIM_SLACK) {
            replaceBuffer(size);
        }
    }

    private ByteBuffer replaceBuffer(int capacity) {
        ByteBuffer copy = ByteBuffer.allocate(capacity);
        copy.put(0, buffer, 0, size);
        buffer = copy;
        return copy;
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, none starting at or above {@code endOffset}, at most
     * {@code maxBytes} (or the first batch whole with {@code minOneMessage}). A view of the buffer: no copy.
     */
    MemoryRecords read(long fetchOffset, long endOffset, int maxBytes, boolean minOneMessage) {
        int limit = size;
        ByteBuffer bytes = buffer;
        int start = offsetIndex.lookup(fetchOffset);
        while (start < limit && lastOffsetAt(bytes, start) < fetchOffset) {
            start += batchSizeAt(bytes, start);
        }
        int end = start;
        while (end < limit && bytes.getLong(end + Records.OFFSET_OFFSET) < endOffset) {
            int batch = batchSizeAt(bytes, end);
            if (end + batch - start > maxBytes && !(minOneMessage && end == start)) {
                break;
            }
            end += batch;
        }
        return end == start ? MemoryRecords.EMPTY : MemoryRecords.readableRecords(bytes.slice(start, end - start));
    }

    /** The first record at or after {@code fromOffset} with a timestamp of at least {@code timestamp}, if any. */
    Optional<FileRecords.TimestampAndOffset> searchForTimestamp(long timestamp, long fromOffset,
                                                               int maxDecompressedBytes) {
        if (maxTimestamp < timestamp) {
            return Optional.empty();
        }
        long scanFrom = Math.max(timeIndex.scanStartFor(timestamp), fromOffset);
        for (MutableRecordBatch batch : batchesFrom(offsetIndex.lookup(scanFrom))) {
            if (batch.lastOffset() < scanFrom || batch.maxTimestamp() < timestamp) {
                continue;
            }
            Optional<FileRecords.TimestampAndOffset> found = searchIn(batch, timestamp, scanFrom, maxDecompressedBytes);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The first record at or after {@code fromOffset} with the largest timestamp, if any has a timestamp. */
    Optional<FileRecords.TimestampAndOffset> largestTimestamp(long fromOffset, int maxDecompressedBytes) {
        MutableRecordBatch best = null;
        for (MutableRecordBatch batch : batchesFrom(offsetIndex.lookup(fromOffset))) {
            if (batch.lastOffset() >= fromOffset && (best == null || batch.maxTimestamp() > best.maxTimestamp())) {
                best = batch;
            }
        }
        if (best == null || best.maxTimestamp() < 0) {
            return Optional.empty();
        }
        return searchIn(best, best.maxTimestamp(), fromOffset, maxDecompressedBytes);
    }

    private static Optional<FileRecords.TimestampAndOffset> searchIn(MutableRecordBatch batch, long timestamp,
                                                                    long fromOffset, int maxDecompressedBytes) {
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING,
            maxDecompressedBytes)) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.timestamp() >= timestamp && record.offset() >= fromOffset) {
                    return Optional.of(new FileRecords.TimestampAndOffset(record.timestamp(), record.offset(),
                        Optional.of(batch.partitionLeaderEpoch())));
                }
            }
        }
        return Optional.empty();
    }

    private Iterable<MutableRecordBatch> batchesFrom(int position) {
        int limit = size;
        return MemoryRecords.readableRecords(buffer.slice(position, limit - position)).batches();
    }

    private static int batchSizeAt(ByteBuffer bytes, int position) {
        return Records.LOG_OVERHEAD + bytes.getInt(position + Records.SIZE_OFFSET);
    }

    private static long lastOffsetAt(ByteBuffer bytes, int position) {
        return bytes.getLong(position + Records.OFFSET_OFFSET)
            + bytes.getInt(position + DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    long baseOffset() {
        return baseOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    long createdMs() {
        return createdMs;
    }

    long lastAppendMs() {
        return lastAppendMs;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    int sizeInBytes() {
        return size;
    }

    @Override
    public String toString() {
        return "MemorySegment(base=" + baseOffset + ", next=" + nextOffset + ", bytes=" + size + ")";
    }
}
