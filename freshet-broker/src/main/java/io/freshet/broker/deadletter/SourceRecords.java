package io.freshet.broker.deadletter;

import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads archived records back from their partition log, a bounded chunk at a time, for dead letters that copy
 * them. Whole batches come back (compressed ones are decompressed record by record); control batches hold no
 * user record.
 */
final class SourceRecords {

    /** Bytes of log read per chunk: Kafka's DLQ fetch size. */
    static final int CHUNK_BYTES = 1024 * 1024;

    /** The records found from {@code from} (by offset) and the last offset this chunk answers for. */
    record Chunk(Map<Long, Record> records, long lastCovered) {
    }

    private SourceRecords() {
    }

    /**
     * The records of offsets {@code from..to} in the first chunk of the log from {@code from}. Offsets below the
     * log start, or past what the log holds, are answered for with no record.
     */
    static Chunk read(PartitionLog log, long from, long to) {
        long logStart = log.logStartOffset();
        if (from < logStart) {
            return new Chunk(Map.of(), Math.min(to, logStart - 1));
        }
        MemoryRecords records = log.read(from, CHUNK_BYTES, true, false).memoryRecords();
        Map<Long, Record> found = new HashMap<>();
        long covered = -1;
        for (RecordBatch batch : records.batches()) {
            if (batch.baseOffset() > to) {
                break;
            }
            covered = batch.lastOffset();
            if (batch.isControlBatch()) {
                continue;
            }
            for (Record record : batch) {
                if (record.offset() >= from && record.offset() <= to) {
                    found.put(record.offset(), record);
                }
            }
        }
        // Nothing read: the log ends before `from` (or was truncated); the rest of the range has no record.
        return new Chunk(found, covered < from ? to : Math.min(covered, to));
    }
}
