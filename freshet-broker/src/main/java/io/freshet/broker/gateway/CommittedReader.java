package io.freshet.broker.gateway;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.storage.log.LogReadResult;
import io.freshet.storage.log.PartitionLog;
import io.freshet.storage.producer.ProducerStateTable.AbortedTransaction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a partition as a {@code read_committed} consumer sees it: never past the last stable offset, control
 * batches and the batches of aborted transactions left out, and decodes what is left into {@link LogRecord}s.
 *
 * <p>A read looks at about {@code maxBytes} (at least one batch). When everything it looked at was left out, it
 * reads on, up to {@link #SCAN_BUDGET_BYTES} (or {@code maxBytes} if larger), so a reader usually gets a record when
 * there is one; past that budget it returns no record and a {@code nextOffset} beyond the requested offset, and the
 * caller reads again. The budget keeps a large aborted transaction from being read in one call on an event loop.
 *
 * <p>Stateless; runs on the caller's thread. Reads take no lock (see {@link PartitionLog}).
 */
final class CommittedReader {

    static final int SCAN_BUDGET_BYTES = 1 << 20;

    private CommittedReader() {
    }

    /** @throws OffsetOutOfRangeException when {@code offset} is below the log start */
    static ReadResult read(PartitionLog log, long offset, int maxBytes) {
        if (offset < log.logStartOffset()) {
            throw new OffsetOutOfRangeException("Offset " + offset + " is below the log start offset "
                + log.logStartOffset() + " of " + log.topicPartition());
        }
        TopicPartition tp = log.topicPartition();
        List<LogRecord> records = new ArrayList<>();
        long next = offset;
        long scanned = 0;
        long budget = Math.max(maxBytes, SCAN_BUDGET_BYTES);
        while (records.isEmpty() && scanned < budget && next < log.lastStableOffset()) {
            List<MutableRecordBatch> batches = batchesFrom(log.read(next, maxBytes, true, true));
            if (batches.isEmpty()) {
                break;
            }
            List<AbortedTransaction> aborted = log.abortedTransactions(next,
                batches.get(batches.size() - 1).nextOffset());
            for (MutableRecordBatch batch : batches) {
                scanned += batch.sizeInBytes();
                if (!batch.isControlBatch() && !isAborted(batch, aborted)) {
                    decode(tp, batch, offset, records);
                }
                next = batch.nextOffset();
            }
        }
        return new ReadResult(records, next);
    }

    /** A slice of a segment file is read into memory first: records are decoded from a buffer. */
    private static List<MutableRecordBatch> batchesFrom(LogReadResult read) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        read.memoryRecords().batches().forEach(batches::add);
        return batches;
    }

    /** A producer has at most one transaction open, so the aborted one spanning the batch's offset is its. */
    private static boolean isAborted(MutableRecordBatch batch, List<AbortedTransaction> aborted) {
        if (!batch.isTransactional()) {
            return false;
        }
        for (AbortedTransaction txn : aborted) {
            if (txn.producerId() == batch.producerId() && txn.firstOffset() <= batch.baseOffset()
                && batch.baseOffset() < txn.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    /** The batch's records at or after {@code from} (the first batch may begin before the offset asked for). */
    private static void decode(TopicPartition tp, MutableRecordBatch batch, long from, List<LogRecord> out) {
        for (Record record : batch) {
            if (record.offset() >= from) {
                out.add(new LogRecord(tp, record.offset(), record.timestamp(),
                    record.hasKey() ? Utils.toArray(record.key()) : null,
                    record.hasValue() ? Utils.toArray(record.value()) : null,
                    headers(record.headers())));
            }
        }
    }

    /**
     * Copied out of the batch's buffer: a decoded record's headers decode their key lazily, which is not safe when
     * the caller hands the record to another thread.
     */
    private static List<Header> headers(Header[] headers) {
        if (headers.length == 0) {
            return List.of();
        }
        List<Header> copies = new ArrayList<>(headers.length);
        for (Header header : headers) {
            copies.add(new RecordHeader(header.key(), header.value()));
        }
        return List.copyOf(copies);
    }
}
