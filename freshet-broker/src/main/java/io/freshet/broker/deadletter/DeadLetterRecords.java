package io.freshet.broker.deadletter;

import io.freshet.coordinator.share.DeadLetters.Reason;
import io.freshet.coordinator.share.ShareKey;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The records Kafka 4.4 writes to a dead-letter topic: one per archived offset, stamped with the broker's clock,
 * the source record's key and value when copying (its headers are not copied) or none (a reference), and six
 * headers whose values are UTF-8 text, numbers in decimal.
 */
public final class DeadLetterRecords {

    public static final String HEADER_TOPIC = "__dlq.errors.topic";
    public static final String HEADER_PARTITION = "__dlq.errors.partition";
    public static final String HEADER_OFFSET = "__dlq.errors.offset";
    public static final String HEADER_GROUP = "__dlq.errors.group";
    public static final String HEADER_DELIVERY_COUNT = "__dlq.errors.delivery.count";
    public static final String HEADER_MESSAGE = "__dlq.errors.message";

    /** Kafka's {@code __dlq.errors.message} for each reason. */
    public static String message(Reason reason) {
        return switch (reason) {
            case REJECTED -> "Offset rejected by client.";
            case DELIVERY_COUNT_EXCEEDED -> "Offset delivery count exceeded the threshold.";
        };
    }

    private DeadLetterRecords() {
    }

    /**
     * The dead letters of offsets {@code from..to}, cut into batches of at most {@code maxBatchBytes} (a record
     * bigger than that alone gets a batch of its own, which the append then refuses).
     *
     * @param originals the source records found, by offset; an offset missing here (copy off, below the log start,
     *                  compacted away, unreadable) gets a record with neither key nor value, as in Kafka
     */
    public static List<List<SimpleRecord>> build(ShareKey key, long from, long to, short deliveryCount, Reason reason,
                                                 Map<Long, Record> originals, long nowMs, int maxBatchBytes) {
        List<List<SimpleRecord>> batches = new ArrayList<>();
        List<SimpleRecord> batch = new ArrayList<>();
        int batchBytes = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        for (long offset = from; offset <= to; offset++) {
            Record original = originals.get(offset);
            ByteBuffer k = original != null && original.hasKey() ? original.key() : null;
            ByteBuffer v = original != null && original.hasValue() ? original.value() : null;
            Header[] headers = headers(key, offset, deliveryCount, reason);
            int size = DefaultRecord.sizeInBytes(batch.size(), 0, k, v, headers);
            if (!batch.isEmpty() && batchBytes + size > maxBatchBytes) {
                batches.add(batch);
                batch = new ArrayList<>();
                batchBytes = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
                size = DefaultRecord.sizeInBytes(0, 0, k, v, headers);
            }
            batch.add(new SimpleRecord(nowMs, k, v, headers));
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static Header[] headers(ShareKey key, long offset, short deliveryCount, Reason reason) {
        return new Header[] {
            header(HEADER_TOPIC, key.partition().topic()),
            header(HEADER_PARTITION, Integer.toString(key.partition().partition())),
            header(HEADER_OFFSET, Long.toString(offset)),
            header(HEADER_GROUP, key.groupId()),
            header(HEADER_DELIVERY_COUNT, Short.toString(deliveryCount)),
            header(HEADER_MESSAGE, message(reason)),
        };
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
