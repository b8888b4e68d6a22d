package io.freshet.storage.log;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.IOException;

/**
 * Record batches read from a partition, all CRC-checked, with the partition's offsets at the time of the read.
 * {@code records} is a {@link SegmentSlice} (to send with sendfile) when the bytes were verified before, else
 * {@link MemoryRecords} read and verified now; it is empty when the fetch offset is the high watermark (or, for a
 * read_committed read, the last stable offset).
 */
public record LogReadResult(BaseRecords records, long highWatermark, long logStartOffset, long lastStableOffset) {

    /** The records in memory, whatever form the read returned. */
    public MemoryRecords memoryRecords() {
        if (records instanceof MemoryRecords memory) {
            return memory;
        }
        try {
            return ((SegmentSlice) records).readIntoMemory();
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot read a segment slice: " + e.getMessage(), e);
        }
    }

    /** The offset after the last whole batch returned, or {@code fallback} (the fetch offset) when there is none. */
    public long nextOffset(long fallback) {
        try {
            if (records instanceof SegmentSlice slice) {
                return slice.nextOffset(fallback);
            }
            long next = fallback;
            for (org.apache.kafka.common.record.internal.RecordBatch batch : ((MemoryRecords) records).batches()) {
                next = batch.nextOffset();
            }
            return next;
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot read a segment slice: " + e.getMessage(), e);
        }
    }
}
