package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Whole record batches read from a partition, CRC-checked, with the partition's offsets at the time of the read.
 * {@code records} is empty when the fetch offset is the high watermark.
 */
public record LogReadResult(MemoryRecords records, long highWatermark, long logStartOffset) {
}
