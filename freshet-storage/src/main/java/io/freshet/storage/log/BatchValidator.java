package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks the batches of a produce request before anything is written, from their headers and CRC alone: batches
 * are stored as the producer sent them, so no record is decompressed or re-encoded. A request that fails any check
 * appends nothing. The one exception is a compacted topic, where every record must have a key
 * ({@link #requireKeys}): that check has to read the records, decompressing the batch if need be, within the
 * bounds of {@link BoundedRecords}.
 */
final class BatchValidator {

    private BatchValidator() {
    }

    /** The batches of {@code records}, checked; throws the Kafka error a producer expects for the first failure. */
    static List<MutableRecordBatch> validate(MemoryRecords records, LogConfig config, long nowMs) {
        List<MutableRecordBatch> batches = new ArrayList<>(1);
        int consumed = 0;
        Iterator<MutableRecordBatch> iterator = records.batches().iterator();
        while (nextBatch(iterator)) {
            MutableRecordBatch batch = iterator.next();
            checkBatch(batch, config, nowMs);
            consumed += batch.sizeInBytes();
            batches.add(batch);
        }
        if (batches.isEmpty()) {
            throw new InvalidRecordException("Produce request carries no record batch");
        }
        if (consumed != records.sizeInBytes()) {
            throw new CorruptRecordException("Produce request ends with " + (records.sizeInBytes() - consumed)
                + " bytes that are not a whole record batch");
        }
        return batches;
    }

    /**
     * Whether another batch follows. kafka-clients' batch iterator lets a batch length near 2^31 overflow into a
     * negative buffer limit (IllegalArgumentException, found by BatchFuzzTest): that is a corrupt request, not a
     * broker error.
     */
    private static boolean nextBatch(Iterator<MutableRecordBatch> iterator) {
        try {
            return iterator.hasNext();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CorruptRecordException("Record batch length does not fit the request: " + e.getMessage());
        }
    }

    /**
     * On a compacted topic every record needs a key, since the cleaner keeps the latest record per key and would
     * have nothing to keep a keyless one by. Kafka rejects such a batch with INVALID_RECORD and this message.
     */
    static void requireKeys(List<MutableRecordBatch> batches, LogConfig config, TopicPartition tp) {
        if (!config.compact()) {
            return;
        }
        for (MutableRecordBatch batch : batches) {
            BoundedRecords.forEach(batch, config, record -> {
                if (!record.hasKey()) {
                    throw new InvalidRecordException("Compacted topic cannot accept message without key in "
                        + "topic partition " + tp + ".");
                }
            });
        }
    }

    private static void checkBatch(MutableRecordBatch batch, LogConfig config, long nowMs) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new UnsupportedForMessageFormatException("Record batch magic " + batch.magic()
                + " is not supported: Freshet stores format v2 only (Kafka clients 0.11 and later)");
        }
        if (batch.sizeInBytes() > config.maxMessageBytes()) {
            throw new RecordTooLargeException("Record batch of " + batch.sizeInBytes()
                + " bytes exceeds max.message.bytes=" + config.maxMessageBytes());
        }
        if (!batch.isValid()) {
            throw new CorruptRecordException("Record batch fails its CRC-32C check");
        }
        try {
            batch.compressionType();
        } catch (IllegalArgumentException e) {
            // Codec ids 5-7 of the attributes are unassigned: kafka-clients throws as soon as anyone asks.
            throw new CorruptRecordException("Record batch has an unknown compression codec: " + e.getMessage());
        }
        if (batch.baseOffset() != 0) {
            throw new InvalidRecordException("Record batch from a producer must have base offset 0, not "
                + batch.baseOffset());
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("Producers may not send control batches");
        }
        Integer count = batch.countOrNull();
        if (count == null || count <= 0 || batch.lastOffset() - batch.baseOffset() != count - 1) {
            throw new InvalidRecordException("Record batch offset range does not match its record count " + count);
        }
        if (config.timestampType() == TimestampType.CREATE_TIME) {
            checkTimestamps(batch, config, nowMs);
        }
    }

    private static void checkTimestamps(MutableRecordBatch batch, LogConfig config, long nowMs) {
        long max = batch.maxTimestamp();
        if (max != RecordBatch.NO_TIMESTAMP && max - nowMs > config.timestampAfterMaxMs()) {
            throw new InvalidTimestampException("Record timestamp " + max + " is more than "
                + config.timestampAfterMaxMs() + " ms ahead of the broker's clock (message.timestamp.after.max.ms)");
        }
        long first = batch instanceof DefaultRecordBatch v2 ? v2.baseTimestamp() : max;
        if (first != RecordBatch.NO_TIMESTAMP && nowMs - first > config.timestampBeforeMaxMs()) {
            throw new InvalidTimestampException("Record timestamp " + first + " is more than "
                + config.timestampBeforeMaxMs() + " ms behind the broker's clock (message.timestamp.before.max.ms)");
        }
    }
}
