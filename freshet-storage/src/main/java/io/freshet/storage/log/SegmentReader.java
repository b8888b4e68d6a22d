package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Reads batches from the segments of a log, never past the published {@link DiskLog.LogEnd}, and never
 * serves a batch whose CRC has not been checked.
 *
 * <p>Design note: each segment keeps a "verified up to" position ({@link LogSegment#verifiedBytes()}): bytes this
 * process appended (validated on the way in) or scanned at recovery. A read inside it is returned as a
 * {@link SegmentSlice} for sendfile, with no copy; a read beyond it (a segment trusted from its index after a
 * clean shutdown, not yet read) is copied, CRC-checked batch by batch, and extends the verified range, so the
 * next consumer of those bytes gets them zero-copy.
 */
final class SegmentReader {

    private SegmentReader() {
    }

    /** Reads from {@code fetchOffset}, never returning a batch at or above {@code endOffset}. */
    static BaseRecords read(NavigableMap<Long, LogSegment> segments, DiskLog.LogEnd end, long fetchOffset,
                            int maxBytes, boolean minOneMessage, TopicPartition tp, long endOffset)
        throws IOException {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
        while (entry != null) {
            LogSegment segment = entry.getValue();
            boolean stopsHere = endOffset < end.nextOffset() && endOffset < segment.nextOffset();
            BaseRecords found = segment.withRecords(records -> readSegment(segment, records, end, fetchOffset,
                maxBytes, minOneMessage, tp, endOffset, stopsHere));
            if (found != null) {
                return found;
            }
            if (segment == end.segment() || stopsHere) {
                break;
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return MemoryRecords.EMPTY;
    }

    /** The batches at {@code fetchOffset} in one segment, held open by the caller's lease; null if none are there. */
    private static BaseRecords readSegment(LogSegment segment, FileRecords records, DiskLog.LogEnd end,
                                           long fetchOffset, int maxBytes, boolean minOneMessage, TopicPartition tp,
                                           long endOffset, boolean stopsHere) throws IOException {
        int limit = segment == end.segment() ? end.position() : segment.sizeInBytes();
        if (stopsHere) {
            // A read_committed read stops at the last stable offset, which starts a batch (a transaction's first).
            FileRecords.LogOffsetPosition stop = records
                .searchForOffsetFromPosition(endOffset, segment.offsetIndex().lookup(endOffset));
            if (stop != null) {
                limit = Math.min(limit, stop.position);
            }
        }
        FileRecords.LogOffsetPosition found = records
            .searchForOffsetFromPosition(fetchOffset, segment.offsetIndex().lookup(fetchOffset));
        if (found == null || found.position >= limit) {
            return null;
        }
        int available = limit - found.position;
        int length = Math.min(available, maxBytes);
        if (minOneMessage) {
            length = Math.max(length, Math.min(found.size, available));
        }
        if (found.position + length <= segment.verifiedBytes()) {
            // The slice takes its own lease when it is sent or read (SegmentSlice), not now.
            return new SegmentSlice(segment.file(), found.position,
                wholeBatches(segment, found.position, length, available));
        }
        MemoryRecords checked = verifiedBatches(segment, records, found.position, length, found.offset, tp);
        segment.markVerified(found.position, found.position + checked.sizeInBytes());
        return checked;
    }

    /**
     * Cuts a slice that stops inside a batch back to the last indexed batch start, so that clients are not sent
     * bytes they must drop and fetch again (librdkafka measurably slows down on partial trailing batches).
     */
    private static int wholeBatches(LogSegment segment, int position, int length, int available) {
        if (length == available) {
            return length;
        }
        int lastStart = segment.offsetIndex().lastBatchStartAtOrBefore(position + length);
        return lastStart > position ? lastStart - position : length;
    }

    private static MemoryRecords verifiedBatches(LogSegment segment, FileRecords records, int position, int length,
                                                 long firstOffset, TopicPartition tp) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = records.channel().read(buffer, at);
            if (n < 0) {
                throw new EOFException("Segment " + segment + " of " + tp + " ended early");
            }
            at += n;
        }
        buffer.flip();
        int whole = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer).batches()) {
            if (!batch.isValid()) {
                if (whole == 0) {
                    throw new CorruptRecordException("The record batch at offset " + firstOffset + " of " + tp
                        + " is damaged on disk (CRC mismatch) and will not be served; "
                        + "skip it with DeleteRecords past offset " + batch.lastOffset());
                }
                break;
            }
            whole += batch.sizeInBytes();
        }
        buffer.limit(whole);
        return MemoryRecords.readableRecords(buffer.slice());
    }
}
