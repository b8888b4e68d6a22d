package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The log of one partition as the broker, the coordinators and the gateways use it: offsets assigned on append,
 * reads from any offset between the log start offset and the high watermark, idempotent-producer and transaction
 * state, durability as a separate, later point.
 *
 * <p>Two kinds, chosen by the topic's {@code freshet.storage} ({@link LogConfig#inMemory()}):
 * <ul>
 *   <li>{@link DiskLog}: segment files on disk, fsynced by the group commit, recovered after a crash;</li>
 *   <li>{@link MemoryLog}: a bounded ring in memory, nothing on disk but the offset ceiling that keeps offsets from
 *       going backwards across a restart; durable as soon as appended.</li>
 * </ul>
 *
 * <p>Design note: both share what happens to batches before they are stored ({@link IncomingBatches}: validation,
 * recompression, producer checks, offset assignment) and the producer state ({@link ProducerStateTable}), so
 * idempotence, transactions and the last stable offset behave the same; they differ only in where the bytes live.
 * The split is by class rather than by a pluggable segment because almost all of the disk log's code (fsync, seal,
 * storage failures, recovery, the cleaner) is about files, and a memory log needs none of it.
 *
 * <p>Threading: one writer at a time per log (its lock); readers take no lock.
 */
public abstract sealed class PartitionLog permits DiskLog, MemoryLog {

    /** A client's append: {@link #append(MemoryRecords, AppendOrigin)} with {@link AppendOrigin#CLIENT}. */
    public AppendResult append(MemoryRecords records) {
        return append(records, AppendOrigin.CLIENT);
    }

    /**
     * Validates and appends the batches of one produce request, assigning offsets in place. Nothing is appended
     * when any check fails. A retried batch that is already in the log is answered with its original offsets.
     *
     * @param origin a client's append is refused rather than use the disk's free-space reserve; the coordinators'
     *               may
     * @throws KafkaStorageException when the append cannot be stored now (retriable) or this partition's storage
     *                               has failed
     */
    public abstract AppendResult append(MemoryRecords records, AppendOrigin origin);

    /**
     * Ends a producer's transaction on this partition with a COMMIT or ABORT control batch (the transaction
     * coordinator's marker). Clients cannot write control batches; only this method does.
     *
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException when the producer has a newer epoch here
     */
    public abstract AppendResult appendTransactionMarker(long producerId, short producerEpoch, boolean commit,
                                                         int coordinatorEpoch);

    /**
     * Completes once {@code offset} is durable: fsynced for a disk log (group commit), at once for a memory log
     * (it never will be more durable than appended). Fails when the storage of this partition has failed.
     */
    public abstract CompletableFuture<Void> awaitDurable(long offset);

    /**
     * Reads batches from {@code fetchOffset}, at most {@code maxBytes} unless {@code minOneMessage} and the first
     * batch is larger. Every batch returned has passed its CRC check.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start offset or beyond the end
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneMessage) {
        return read(fetchOffset, maxBytes, minOneMessage, false);
    }

    /**
     * As {@link #read(long, int, boolean)}; with {@code committedOnly} (read_committed) nothing at or above the
     * last stable offset is returned.
     */
    public abstract LogReadResult read(long fetchOffset, int maxBytes, boolean minOneMessage, boolean committedOnly);

    /** The first record with a timestamp at or after {@code timestampMs}, if any. */
    public abstract Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(long timestampMs);

    /** The record with the largest timestamp (ListOffsets MAX_TIMESTAMP); the earliest one on ties. */
    public abstract Optional<FileRecords.TimestampAndOffset> maxTimestampOffset();

    /**
     * DeleteRecords: moves the log start offset to {@code offset} ({@code -1}: the high watermark) and drops what
     * lies wholly below it. Returns the new log start offset.
     */
    public abstract long deleteRecordsBefore(long offset);

    /** The offset below which every transaction is decided: the end of what read_committed consumers may read. */
    public abstract long lastStableOffset();

    /** Aborted transactions overlapping offsets [from, to), for a read_committed fetch. No lock. */
    public abstract List<ProducerStateTable.AbortedTransaction> abortedTransactions(long from, long to);

    /** The open transactions here (producer id -> first offset); a snapshot taken under the lock. */
    public abstract Map<Long, Long> openTransactions();

    /** Runs {@code reader} on the producer state under the log's lock (DescribeProducers). */
    public abstract <T> T withProducerState(Function<ProducerStateTable, T> reader);

    /** Reads are refused too: the storage failed and could not be cut back, or the partition was deleted. */
    public abstract boolean isOffline();

    /** The storage of this partition failed (or it was deleted): writes are refused until a restart. */
    public abstract boolean hasStorageFailed();

    public abstract TopicPartition topicPartition();

    public abstract LogConfig config();

    /** New settings apply from the next append, roll or retention check. */
    public abstract void updateConfig(LogConfig newConfig);

    public abstract long logStartOffset();

    /** On one node, every appended record is committed: the high watermark is the log end offset. */
    public abstract long highWatermark();

    public long logEndOffset() {
        return highWatermark();
    }

    public abstract int segmentCount();

    /** Bytes of record batches held: on disk for a disk log, in memory for a memory log. */
    public abstract long sizeInBytes();

    // ---------------------------------------------------------------------------------------------- the store's

    /**
     * Retention by {@code retention.ms} and {@code retention.bytes}, run by the store's scheduler (a memory log also
     * enforces it on every append). Returns how many segments were dropped.
     */
    abstract int enforceRetention(long nowMs);

    /** Clean close at shutdown. */
    abstract void close() throws IOException;

    /** Deletes the whole partition: called by the store after it has forgotten this log. */
    abstract void closeAndDeleteFiles();
}
