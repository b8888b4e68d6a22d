package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Threading: one writer at a time per log ({@link #lock}); readers take no lock. What is the same for both
 * kinds lives here: the append's order of checks and locking, the producer state and who may read it, the config
 * and the log start offset. Each kind publishes its own end (a volatile record: offset and last stable offset, and
 * for a disk log the file position) after each append; readers read it once and never look past it.
 */
public abstract sealed class PartitionLog permits DiskLog, MemoryLog {

    /** What every published end of a log says: where it ends and its last stable offset, read as one value. */
    interface End {
        long nextOffset();

        long lastStableOffset();
    }

    protected final TopicPartition topicPartition;
    protected final Time time;
    protected final AppendListener listener;
    /** Healthy, writes fenced after a storage failure (or deletion), or offline: see {@link LogHealth}. */
    protected final LogHealth health;
    /** The one writer's lock: appends, moves of the log start, and every access to {@link #producers}. */
    protected final ReentrantLock lock = new ReentrantLock();
    /** Written and read under {@link #lock}, except the aborted transactions ({@link #abortedTransactions}). */
    protected final ProducerStateTable producers;
    /** Replaced whole by {@link #updateConfig}; an append reads it once and uses that value throughout. */
    protected volatile LogConfig config;
    /** Moved forward under {@link #lock} only; readers read it without the lock. */
    protected volatile long logStartOffset;

    PartitionLog(TopicPartition topicPartition, LogConfig config, StoreServices services,
                 ProducerStateTable producers, long logStartOffset) {
        this.topicPartition = topicPartition;
        this.config = config;
        this.time = services.time();
        this.listener = services.listener();
        this.health = new LogHealth(topicPartition, time);
        this.producers = producers;
        this.logStartOffset = logStartOffset;
    }

    /** The end last published (the subclass's volatile field, read once). */
    abstract End publishedEnd();

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
    public final AppendResult append(MemoryRecords records, AppendOrigin origin) {
        health.checkWritable();
        LogConfig cfg = config;
        long now = time.milliseconds();
        // Validation and recompression, the costly part, run before the lock: concurrent appends do not wait on them.
        IncomingBatches.Checked checked = IncomingBatches.check(records, cfg, topicPartition, now);
        AppendResult result;
        lock.lock();
        try {
            health.checkWritable(); // the storage may have failed while we waited for the lock
            Optional<ProducerStateTable.BatchMetadata> duplicate =
                IncomingBatches.duplicateOf(producers, checked.batches());
            if (duplicate.isPresent()) {
                return IncomingBatches.duplicateResult(duplicate.get(), logStartOffset);
            }
            result = appendLocked(checked, cfg, now, origin);
        } finally {
            lock.unlock();
        }
        // Listeners (fetch purgatory, gateways) are told after the unlock: their work never holds up the writer.
        listener.onAppend(topicPartition, result.lastOffset() + 1);
        afterAppend(result, cfg, false);
        return result;
    }

    /**
     * Ends a producer's transaction on this partition with a COMMIT or ABORT control batch (the transaction
     * coordinator's marker). Clients cannot write control batches; only this method does.
     *
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException when the producer has a newer epoch here
     */
    public final AppendResult appendTransactionMarker(long producerId, short producerEpoch, boolean commit,
                                                      int coordinatorEpoch) {
        health.checkWritable();
        long now = time.milliseconds();
        IncomingBatches.Checked marker = IncomingBatches.transactionMarker(producerId, producerEpoch, commit,
            coordinatorEpoch, now);
        AppendResult result;
        LogConfig cfg;
        lock.lock();
        try {
            health.checkWritable();
            IncomingBatches.checkMarkerEpoch(producers, producerId, producerEpoch, topicPartition);
            cfg = config;
            // The marker is the transaction coordinator's: it may use the free-space reserve.
            result = appendLocked(marker, cfg, now, AppendOrigin.COORDINATOR);
        } finally {
            lock.unlock();
        }
        listener.onAppend(topicPartition, result.lastOffset() + 1);
        afterAppend(result, cfg, true);
        return result;
    }

    /**
     * Stores batches that passed every check at the log end, under {@link #lock}: assigns their offsets, updates
     * the producer state and publishes the new end. Throws, having stored nothing, when they cannot be stored.
     */
    abstract AppendResult appendLocked(IncomingBatches.Checked checked, LogConfig cfg, long now, AppendOrigin origin);

    /** Runs after an append's lock is released and its listener told (a disk log asks for a flush); none here. */
    void afterAppend(AppendResult result, LogConfig cfg, boolean marker) {
    }

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

    /**
     * The range check of DeleteRecords, under {@link #lock}: the offset to delete before ({@code -1}: the high
     * watermark {@code hw}).
     *
     * @throws OffsetOutOfRangeException when it is negative or beyond the high watermark
     */
    final long deleteTarget(long offset, long hw) {
        long target = offset == -1 ? hw : offset;
        if (target < 0 || target > hw) {
            throw new OffsetOutOfRangeException("Cannot delete records before " + target
                + ": the high watermark of " + topicPartition + " is " + hw);
        }
        return target;
    }

    /** The offset below which every transaction is decided: the end of what read_committed consumers may read. */
    public final long lastStableOffset() {
        return publishedEnd().lastStableOffset();
    }

    /** Aborted transactions overlapping offsets [from, to), for a read_committed fetch. No lock. */
    public final List<ProducerStateTable.AbortedTransaction> abortedTransactions(long from, long to) {
        return producers.abortedOverlapping(from, to);
    }

    /** The open transactions here (producer id -> first offset); a snapshot taken under the lock. */
    public final Map<Long, Long> openTransactions() {
        return withProducerState(ProducerStateTable::openTransactions);
    }

    /** Runs {@code reader} on the producer state under the log's lock (DescribeProducers). */
    public final <T> T withProducerState(Function<ProducerStateTable, T> reader) {
        lock.lock();
        try {
            return reader.apply(producers);
        } finally {
            lock.unlock();
        }
    }

    /** Reads are refused too: the storage failed and could not be cut back, or the partition was deleted. */
    public final boolean isOffline() {
        return health.isOffline();
    }

    /**
     * The storage of this partition failed (or it was deleted): writes are refused until a restart. A disk log's
     * reads go on up to the last fsynced offset unless {@link #isOffline()}.
     */
    public final boolean hasStorageFailed() {
        return health.writesFenced();
    }

    public final TopicPartition topicPartition() {
        return topicPartition;
    }

    public final LogConfig config() {
        return config;
    }

    /** New settings apply from the next append, roll or retention check. */
    public final void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public final long logStartOffset() {
        return logStartOffset;
    }

    /** On one node, every appended record is committed: the high watermark is the log end offset. */
    public final long highWatermark() {
        return publishedEnd().nextOffset();
    }

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

    /**
     * Deletes the whole partition: called by the store after it has forgotten this log. Marked deleted under the
     * lock, so an append waiting for it is refused rather than written to what is being deleted.
     */
    final void closeAndDeleteFiles() {
        lock.lock();
        try {
            health.deleted();
            deleteLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Lets go of what this partition holds (files, or the ceiling and the ring), under {@link #lock}. */
    abstract void deleteLocked();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + topicPartition + ", start=" + logStartOffset + ", end="
            + publishedEnd().nextOffset() + ")";
    }
}
