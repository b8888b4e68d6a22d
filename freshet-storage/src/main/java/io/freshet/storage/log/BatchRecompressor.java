package io.freshet.storage.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Broker-side compression: when a topic's {@code compression.type} names a codec, batches that arrive with another
 * codec are re-encoded with it before they are stored, keeping every record's offset delta, timestamp, key, value
 * and headers, and the batch's producer id, epoch, sequence and transactional flag. With the default
 * {@code producer} batches are stored exactly as sent and nothing here runs.
 *
 * <p>Decompression is bounded ({@link BoundedRecords}), so a small compressed batch cannot make the broker inflate
 * an unbounded amount of memory.
 */
final class BatchRecompressor {

    private BatchRecompressor() {
    }

    /** The batches to store: {@code records} itself when they already use the topic's codec. */
    static MemoryRecords apply(MemoryRecords records, List<MutableRecordBatch> batches, LogConfig config) {
        Optional<Compression> target = config.compression();
        if (target.isEmpty()
            || batches.stream().allMatch(b -> b.compressionType() == target.get().type())) {
            return records;
        }
        List<MemoryRecords> rebuilt = new ArrayList<>(batches.size());
        int total = 0;
        for (MutableRecordBatch batch : batches) {
            MemoryRecords one = reencode(batch, target.get(), config);
            rebuilt.add(one);
            total += one.sizeInBytes();
        }
        ByteBuffer combined = ByteBuffer.allocate(total);
        rebuilt.forEach(r -> combined.put(r.buffer().duplicate()));
        combined.flip();
        return MemoryRecords.readableRecords(combined);
    }

    private static MemoryRecords reencode(MutableRecordBatch batch, Compression compression, LogConfig config) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(Math.max(batch.sizeInBytes(), 256)),
            RecordBatch.MAGIC_VALUE_V2, compression, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP,
            batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.isTransactional(), false,
            RecordBatch.NO_PARTITION_LEADER_EPOCH);
        try {
            BoundedRecords.forEach(batch, config, record -> {
                builder.appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value(),
                    record.headers());
                if (builder.estimatedSizeInBytes() > config.maxMessageBytes()) {
                    // The stored batch would be refused anyway: stop before it grows further.
                    throw new RecordTooLargeException("Record batch recompressed as " + compression.type()
                        + " exceeds max.message.bytes=" + config.maxMessageBytes());
                }
            });
            return builder.build();
        } catch (InvalidRecordException | CorruptRecordException | RecordTooLargeException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // The builder refuses the batch's producer fields (a negative epoch with a producer id): the client's
            // batch is invalid, not the broker.
            throw new InvalidRecordException("Record batch cannot be recompressed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CorruptRecordException("Cannot decompress a " + batch.compressionType() + " batch to store it as "
                + compression.type() + ": " + e.getMessage(), e);
        }
    }
}
