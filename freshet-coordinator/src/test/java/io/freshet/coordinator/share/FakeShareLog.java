package io.freshet.coordinator.share;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Partition logs in memory for share-state tests: real record batches (as the producer writes them), read as the
 * broker's reader does (whole batches from the one holding the offset, at least one, up to a byte limit, never past
 * the end). Counts reads, so tests can see what was read. Thread-safe enough for tests (synchronized).
 */
final class FakeShareLog implements ShareLogReader {

    private final Map<TopicPartition, List<MemoryRecords>> batches = new HashMap<>();
    private final Map<TopicPartition, Long> logStart = new HashMap<>();
    /** Per partition: open transactions (producer id -> first offset) and aborted ones. */
    private final Map<TopicPartition, Map<Long, Long>> openTransactions = new HashMap<>();
    private final Map<TopicPartition, List<AbortedTransaction>> aborted = new HashMap<>();
    int reads;

    /** Appends one batch of {@code values} (no headers); returns its base offset. */
    synchronized long append(TopicPartition tp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return append(tp, Compression.NONE, records);
    }

    /** Appends one batch of records with this timestamp. */
    synchronized long appendAt(TopicPartition tp, long timestampMs, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestampMs, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return append(tp, Compression.NONE, records);
    }

    /** Appends one batch of {@code count} records named "v{offset}". */
    synchronized long appendRecords(TopicPartition tp, int count) {
        long base = logEndOffset(tp);
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = "v" + (base + i);
        }
        return append(tp, values);
    }

    /** Appends one batch whose records carry headers: {@code deliverAt[i]} null for none. */
    synchronized long appendWithDeliveryTimes(TopicPartition tp, Compression compression, Long... deliverAt) {
        SimpleRecord[] records = new SimpleRecord[deliverAt.length];
        for (int i = 0; i < deliverAt.length; i++) {
            Header[] headers = deliverAt[i] == null ? new Header[] {new RecordHeader("other", new byte[] {1})}
                : new Header[] {new RecordHeader("trace", new byte[] {7, 7}),
                    new RecordHeader(DeliveryTimes.HEADER,
                        Long.toString(deliverAt[i]).getBytes(StandardCharsets.US_ASCII))};
            records[i] = new SimpleRecord(1_000L, "k".getBytes(StandardCharsets.UTF_8),
                ("d" + i).getBytes(StandardCharsets.UTF_8), headers);
        }
        return append(tp, compression, records);
    }

    synchronized long append(TopicPartition tp, Compression compression, SimpleRecord... records) {
        long base = logEndOffset(tp);
        MemoryRecords batch = MemoryRecords.withRecords(base, compression, records);
        batches.computeIfAbsent(tp, t -> new ArrayList<>()).add(batch);
        return base;
    }

    /** A transaction's commit marker: one control record. */
    synchronized long appendCommitMarker(TopicPartition tp) {
        long base = logEndOffset(tp);
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(base, 1_000L, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            42L, (short) 0, new EndTransactionMarker(ControlRecordType.COMMIT, 0));
        batches.computeIfAbsent(tp, t -> new ArrayList<>()).add(marker);
        return base;
    }

    /** Appends a batch of a transaction of {@code producerId}, opening it if needed; returns its base offset. */
    synchronized long appendTransactional(TopicPartition tp, long producerId, String... values) {
        long base = logEndOffset(tp);
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        batches.computeIfAbsent(tp, t -> new ArrayList<>()).add(MemoryRecords.withTransactionalRecords(base,
            Compression.NONE, producerId, (short) 0, 0, RecordBatch.NO_PARTITION_LEADER_EPOCH, records));
        openTransactions.computeIfAbsent(tp, t -> new HashMap<>()).putIfAbsent(producerId, base);
        return base;
    }

    /** Ends the open transaction of {@code producerId} with its marker; returns the marker's offset. */
    synchronized long endTransaction(TopicPartition tp, long producerId, boolean commit) {
        long base = logEndOffset(tp);
        batches.computeIfAbsent(tp, t -> new ArrayList<>()).add(MemoryRecords.withEndTransactionMarker(base,
            1_000L, RecordBatch.NO_PARTITION_LEADER_EPOCH, producerId, (short) 0,
            new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 0)));
        long first = openTransactions.get(tp).remove(producerId);
        if (!commit) {
            aborted.computeIfAbsent(tp, t -> new ArrayList<>()).add(new AbortedTransaction(producerId, first, base));
        }
        return base;
    }

    @Override
    public synchronized long lastStableOffset(TopicPartition tp) {
        return openTransactions.getOrDefault(tp, Map.of()).values().stream().mapToLong(Long::longValue).min()
            .orElse(logEndOffset(tp));
    }

    @Override
    public synchronized List<AbortedTransaction> abortedTransactions(TopicPartition tp, long from, long to) {
        List<AbortedTransaction> out = new ArrayList<>();
        for (AbortedTransaction txn : aborted.getOrDefault(tp, List.of())) {
            if (txn.firstOffset() < to && txn.lastOffset() >= from) {
                out.add(txn);
            }
        }
        return out;
    }

    synchronized void deleteRecordsBefore(TopicPartition tp, long offset) {
        logStart.put(tp, offset);
    }

    @Override
    public synchronized Records read(TopicPartition tp, long fromOffset, int maxBytes) {
        reads++;
        List<MemoryRecords> out = new ArrayList<>();
        int bytes = 0;
        List<MemoryRecords> all = batches.getOrDefault(tp, List.of());
        for (MemoryRecords records : all.subList(firstHolding(all, Math.max(fromOffset, logStartOffset(tp))),
            all.size())) {
            MutableRecordBatch batch = records.batches().iterator().next();
            if (batch.lastOffset() < Math.max(fromOffset, logStartOffset(tp))) {
                continue;
            }
            if (!out.isEmpty() && bytes + records.sizeInBytes() > maxBytes) {
                break;
            }
            out.add(records);
            bytes += records.sizeInBytes();
        }
        // the records start 16 bytes into their buffer, as a slice of a larger read would
        ByteBuffer buffer = ByteBuffer.allocate(16 + bytes);
        buffer.position(16);
        out.forEach(r -> buffer.put(r.buffer()));
        buffer.limit(buffer.position()).position(16);
        return MemoryRecords.readableRecords(buffer);
    }

    /** The index of the first batch whose last offset is at or after {@code offset}. */
    private static int firstHolding(List<MemoryRecords> all, long offset) {
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).batches().iterator().next().lastOffset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public synchronized long logStartOffset(TopicPartition tp) {
        return logStart.getOrDefault(tp, 0L);
    }

    @Override
    public synchronized long logEndOffset(TopicPartition tp) {
        List<MemoryRecords> list = batches.getOrDefault(tp, List.of());
        return list.isEmpty() ? 0 : list.get(list.size() - 1).batches().iterator().next().nextOffset();
    }

    @Override
    public synchronized long offsetForTimestamp(TopicPartition tp, long timestampMs) {
        for (MemoryRecords records : batches.getOrDefault(tp, List.of())) {
            for (RecordBatch batch : records.batches()) {
                if (batch.maxTimestamp() >= timestampMs) {
                    return batch.baseOffset();
                }
            }
        }
        return logEndOffset(tp);
    }
}
