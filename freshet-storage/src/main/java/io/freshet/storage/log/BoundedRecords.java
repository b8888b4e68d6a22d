package io.freshet.storage.log;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.util.function.Consumer;

/**
 * Reads the records of a client's batch with bounded memory and work, for the produce checks that must look inside
 * a batch (keys on a compacted topic, broker-side recompression). A decompression bomb (a few KB that inflate to
 * GBs) or a record whose length prefix claims 2 GB must be refused before the broker allocates or inflates that
 * much:
 * <ul>
 *   <li>one record is at most {@code max.message.bytes} (or {@code max.decompressed.message.bytes} if smaller),
 *       checked by kafka-clients on the record's length prefix before it allocates the record
 *       ({@code InvalidRecordException}); a Java producer cannot send a bigger record under the default limits;</li>
 *   <li>a snappy batch's chunk and block lengths fit the batch ({@link SnappyFrames}), since snappy-java allocates
 *       them as claimed;</li>
 *   <li>the records of one batch inflate to at most {@value #INFLATION_LIMIT} x {@code max.message.bytes}, counted
 *       as they are produced ({@code RecordTooLargeException}), which bounds the CPU a small batch can cost.</li>
 * </ul>
 */
final class BoundedRecords {

    /** Inflated bytes per batch allowed per byte of {@code max.message.bytes}: well beyond real compression ratios. */
    static final int INFLATION_LIMIT = 64;

    private BoundedRecords() {
    }

    /** Hands each record of {@code batch} to {@code action}, one at a time, within the bounds above. */
    static void forEach(MutableRecordBatch batch, LogConfig config, Consumer<Record> action) {
        int maxRecord = Math.min(config.maxDecompressedMessageBytes(), config.maxMessageBytes());
        long budget = (long) INFLATION_LIMIT * config.maxMessageBytes();
        long inflated = 0;
        if (batch.compressionType() == CompressionType.SNAPPY) {
            SnappyFrames.check(batch);
        }
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING, maxRecord)) {
            while (records.hasNext()) {
                Record record = records.next();
                inflated += record.sizeInBytes();
                if (inflated > budget) {
                    throw new RecordTooLargeException("A " + batch.compressionType() + " record batch of "
                        + batch.sizeInBytes() + " bytes inflates to more than " + budget + " bytes ("
                        + INFLATION_LIMIT + " x max.message.bytes); refused");
                }
                action.accept(record);
            }
        } catch (ApiException e) {
            throw e;
        } catch (KafkaException e) {
            // The codec's own failure (a gzip stream that is not gzip, a truncated frame): the client's bytes.
            throw new CorruptRecordException("Cannot decompress a " + batch.compressionType() + " record batch: "
                + e.getMessage());
        }
    }
}
