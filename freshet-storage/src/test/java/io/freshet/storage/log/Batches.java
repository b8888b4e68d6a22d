package io.freshet.storage.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Record batches as a producer would send them, and the records read back. */
final class Batches {

    private Batches() {
    }

    static MemoryRecords batch(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestamp, ("k" + values[i]).getBytes(StandardCharsets.UTF_8),
                values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    /** (offset, value) of every record, in log order. */
    static List<String> offsetsAndValues(MemoryRecords records) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                out.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
            }
        }
        return out;
    }

    /** (offset, key=value) of every record, in log order. */
    static List<String> offsetsAndKeyedValues(MemoryRecords records) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record record : batch) {
                String key = record.key() == null ? "" : StandardCharsets.UTF_8.decode(record.key()) + "=";
                out.add(record.offset() + ":" + key + StandardCharsets.UTF_8.decode(record.value()));
            }
        }
        return out;
    }

    /** Everything from {@code from} to the high watermark, fetch by fetch as a consumer would. */
    static List<String> readAll(PartitionLog log, long from) {
        return readAll(log, from, Batches::offsetsAndValues);
    }

    /** As {@link #readAll(PartitionLog, long)}, each record as "offset:key=value". */
    static List<String> readAllKeyed(PartitionLog log, long from) {
        return readAll(log, from, Batches::offsetsAndKeyedValues);
    }

    private static List<String> readAll(PartitionLog log, long from, Function<MemoryRecords, List<String>> format) {
        List<String> out = new ArrayList<>();
        long next = from;
        while (next < log.highWatermark()) {
            MemoryRecords records = log.read(next, 1 << 20, true).memoryRecords();
            List<String> got = format.apply(records);
            for (String entry : got) {
                long offset = Long.parseLong(entry.substring(0, entry.indexOf(':')));
                if (offset >= next) {
                    out.add(entry);
                }
            }
            long last = -1;
            for (RecordBatch batch : records.batches()) {
                last = batch.lastOffset();
            }
            if (last < 0) {
                throw new AssertionError("read at " + next + " returned nothing below the high watermark");
            }
            next = last + 1;
        }
        return out;
    }
}
