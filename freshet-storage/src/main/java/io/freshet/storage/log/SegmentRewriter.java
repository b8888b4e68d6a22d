package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Writes the retained records of a group of segments into one new file, batch offsets unchanged, and fsyncs it.
 * Reads the old segments in runs of whole batches of about {@link #RUN_BYTES} (or one larger batch), so memory is
 * bounded by the largest batch, not by the segment. Every batch read is CRC-checked first: the cleaner never
 * copies a damaged batch into a file that would then look freshly valid.
 */
final class SegmentRewriter {

    static final int RUN_BYTES = 1 << 20;

    private SegmentRewriter() {
    }

    static void rewrite(StorageIo io, List<LogSegment> group, Path target, CompactionFilter filter,
                        int maxDecompressedBytes, BufferSupplier buffers, BooleanSupplier stopping) throws IOException {
        try (FileChannel out = io.open(target, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (LogSegment segment : group) {
                segment.withRecords(records -> {
                    rewrite(segment, records, out, filter, maxDecompressedBytes, buffers, stopping);
                    return null;
                });
            }
            out.force(true);
        }
    }

    /** One segment, held open by the caller's lease, in runs of whole batches. */
    private static void rewrite(LogSegment segment, FileRecords records, FileChannel out, CompactionFilter filter,
                                int maxDecompressedBytes, BufferSupplier buffers, BooleanSupplier stopping)
        throws IOException {
        int runStart = 0;
        int runBytes = 0;
        for (FileChannelRecordBatch batch : records.batchesFrom(0)) {
            if (runBytes > 0 && runBytes + batch.sizeInBytes() > RUN_BYTES) {
                filterRun(segment, records.channel(), runStart, runBytes, out, filter, maxDecompressedBytes, buffers);
                runStart += runBytes;
                runBytes = 0;
                if (stopping.getAsBoolean()) {
                    throw new InterruptedIOException("The log cleaner is stopping");
                }
            }
            runBytes += batch.sizeInBytes();
        }
        if (runBytes > 0) {
            filterRun(segment, records.channel(), runStart, runBytes, out, filter, maxDecompressedBytes, buffers);
        }
    }

    private static void filterRun(LogSegment segment, FileChannel channel, int position, int length,
                                  FileChannel out, CompactionFilter filter, int maxDecompressedBytes,
                                  BufferSupplier buffers) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(length);
        long at = position;
        while (in.hasRemaining()) {
            int n = channel.read(in, at);
            if (n < 0) {
                throw new EOFException("Segment " + segment + " ended at " + at + " while cleaning");
            }
            at += n;
        }
        in.flip();
        MemoryRecords records = MemoryRecords.readableRecords(in);
        for (MutableRecordBatch batch : records.batches()) {
            if (!batch.isValid()) {
                throw new IOException("Batch at offset " + batch.baseOffset() + " of " + segment
                    + " fails its CRC check: not cleaning this log");
            }
        }
        MemoryRecords.FilterResult result = records.filterTo(filter, ByteBuffer.allocate(length), buffers,
            maxDecompressedBytes);
        ByteBuffer retained = result.outputBuffer();
        retained.flip();
        while (retained.hasRemaining()) {
            out.write(retained);
        }
    }
}
