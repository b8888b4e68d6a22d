package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every {@link PartitionLog}, on disk or in memory, does to batches before it stores them: the checks of a
 * produce request ({@link BatchValidator}, {@link BatchRecompressor}), the idempotent-producer checks, offset
 * assignment in the batch headers, and the transaction coordinator's markers. One place, so both kinds of log give
 * the same answers.
 *
 * <p>Stateless. {@link #check} runs before the log's lock; the others under it, on the producer state it guards.
 */
final class IncomingBatches {

    private IncomingBatches() {
    }

    /** The batches to store (recompressed to the topic's codec if need be) and their headers. */
    record Checked(MemoryRecords records, List<MutableRecordBatch> batches) {
        int sizeInBytes() {
            return records.sizeInBytes();
        }
    }

    /** Where assigned offsets put the batches, and their largest timestamp. */
    record Assigned(long firstOffset, long lastOffset, long maxTimestamp) {
        long nextOffset() {
            return lastOffset + 1;
        }
    }

    /** Validates a client's batches and applies the topic's compression; throws the Kafka error a producer expects. */
    static Checked check(MemoryRecords records, LogConfig cfg, TopicPartition tp, long now) {
        List<MutableRecordBatch> batches = BatchValidator.validate(records, cfg, now);
        BatchValidator.requireKeys(batches, cfg, tp);
        MemoryRecords stored = BatchRecompressor.apply(records, batches, cfg);
        if (stored != records) {
            batches = BatchValidator.validate(stored, cfg, now);
        }
        return new Checked(stored, batches);
    }

    /**
     * Checks every batch against its producer's state (epoch, sequence); returns the original batch when the request
     * is a retry of one already in the log. Only a request made wholly of one retried batch is a duplicate; v3+
     * requests carry one batch each.
     */
    static Optional<ProducerStateTable.BatchMetadata> duplicateOf(ProducerStateTable producers,
                                                                  List<MutableRecordBatch> batches) {
        Optional<ProducerStateTable.BatchMetadata> duplicate = Optional.empty();
        for (MutableRecordBatch batch : batches) {
            if (batch.hasProducerId()) {
                duplicate = producers.check(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                    batch.lastSequence());
            }
        }
        return batches.size() == 1 ? duplicate : Optional.empty();
    }

    /** Writes offsets from {@code firstOffset} into the batch headers, leader epoch 0, and LogAppendTime if set. */
    static Assigned assignOffsets(List<MutableRecordBatch> batches, long firstOffset, LogConfig cfg, long now) {
        long next = firstOffset;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
        for (MutableRecordBatch batch : batches) {
            batch.setLastOffset(next + batch.lastOffset());
            batch.setPartitionLeaderEpoch(0);
            if (logAppendTime) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
            }
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            next = batch.lastOffset() + 1;
        }
        return new Assigned(firstOffset, next - 1, maxTimestamp);
    }

    /** Answers an append: {@code logAppendTimeMs} is the broker's time under LogAppendTime, else -1. */
    static AppendResult result(Assigned assigned, LogConfig cfg, long now, long logStartOffset) {
        boolean logAppendTime = cfg.timestampType() == TimestampType.LOG_APPEND_TIME;
        return new AppendResult(assigned.firstOffset(), assigned.lastOffset(), logAppendTime ? now : -1,
            logStartOffset, false);
    }

    /** The answer to a retried batch: its original offsets, nothing appended. */
    static AppendResult duplicateResult(ProducerStateTable.BatchMetadata original, long logStartOffset) {
        return new AppendResult(original.firstOffset(), original.lastOffset(), -1, logStartOffset, true);
    }

    /** A COMMIT or ABORT control batch of the transaction coordinator, with its headers, offsets not yet assigned. */
    static Checked transactionMarker(long producerId, short producerEpoch, boolean commit, int coordinatorEpoch,
                                     long now) {
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(0L, now, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            producerId, producerEpoch,
            new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
        List<MutableRecordBatch> batches = new ArrayList<>(1);
        marker.batches().forEach(batches::add);
        return new Checked(marker, batches);
    }

    /** A marker of an older epoch than the producer has here comes from a fenced coordinator or instance. */
    static void checkMarkerEpoch(ProducerStateTable producers, long producerId, short producerEpoch,
                                 TopicPartition tp) {
        Optional<Short> current = producers.epochOf(producerId);
        if (current.isPresent() && current.get() > producerEpoch) {
            throw new InvalidProducerEpochException("Marker of producer " + producerId + " has epoch "
                + producerEpoch + " but " + tp + " has seen epoch " + current.get());
        }
    }
}
