package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Scans a segment after an unclean stop (or when its indexes are missing or damaged): checks every batch's
 * length, magic, offsets and CRC-32C, rebuilds the indexes as it goes, and truncates the file at the first batch
 * that fails, which is what a torn write at the tail looks like.
 *
 * <p>Reads the file in bounded chunks: a corrupt length field can never make it allocate more than
 * {@link #CHUNK_BYTES}.
 */
final class SegmentRecovery {

    /** Offsets of the v2 batch header fields that recovery reads. */
    private static final int LENGTH_OFFSET = 8;
    private static final int MAGIC_OFFSET = 16;
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int MAX_TIMESTAMP_OFFSET = 35;
    private static final int LOG_OVERHEAD = 12;
    private static final int CHUNK_BYTES = 64 * 1024;

    /**
     * @param validBytes     bytes kept: whole, valid batches
     * @param truncatedBytes bytes cut off the end
     * @param nextOffset     the offset after the last valid record
     */
    record Result(int validBytes, int truncatedBytes, long nextOffset) {
    }

    private SegmentRecovery() {
    }

    static Result recover(LogSegment segment, int indexIntervalBytes) throws IOException {
        return segment.withRecords(records -> recover(segment, records, indexIntervalBytes));
    }

    private static Result recover(LogSegment segment, FileRecords records, int indexIntervalBytes)
        throws IOException {
        segment.resetIndexes();
        FileChannel channel = records.channel();
        int size = segment.sizeInBytes();
        ByteBuffer header = ByteBuffer.allocate(DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        int position = 0;
        while (size - position >= DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            header.clear();
            readFully(channel, header, position);
            long baseOffset = header.getLong(0);
            int batchSize = header.getInt(LENGTH_OFFSET) + LOG_OVERHEAD;
            int lastOffsetDelta = header.getInt(LAST_OFFSET_DELTA_OFFSET);
            boolean plausible = batchSize >= DefaultRecordBatch.RECORD_BATCH_OVERHEAD && batchSize <= size - position
                && header.get(MAGIC_OFFSET) == RecordBatch.MAGIC_VALUE_V2
                && baseOffset >= segment.nextOffset() && lastOffsetDelta >= 0;
            if (!plausible || !crcMatches(channel, position, batchSize, header.getInt(CRC_OFFSET), chunk)) {
                break;
            }
            segment.onBatch(position, batchSize, baseOffset, baseOffset + lastOffsetDelta,
                header.getLong(MAX_TIMESTAMP_OFFSET), indexIntervalBytes);
            position += batchSize;
        }
        segment.markVerified(0, position);
        int truncated = size - position;
        if (truncated > 0) {
            records.truncateTo(position);
        }
        return new Result(position, truncated, segment.nextOffset());
    }

    /** The stored CRC covers the batch from its attributes to its end. */
    private static boolean crcMatches(FileChannel channel, int position, int batchSize, int storedCrc,
                                      ByteBuffer chunk) throws IOException {
        CRC32C crc = new CRC32C();
        long from = (long) position + ATTRIBUTES_OFFSET;
        long end = (long) position + batchSize;
        while (from < end) {
            chunk.clear();
            chunk.limit((int) Math.min(chunk.capacity(), end - from));
            readFully(channel, chunk, from);
            chunk.flip();
            crc.update(chunk);
            from += chunk.limit();
        }
        return (int) crc.getValue() == storedCrc;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("segment ended at " + at + " while reading a batch");
            }
            at += n;
        }
    }
}
