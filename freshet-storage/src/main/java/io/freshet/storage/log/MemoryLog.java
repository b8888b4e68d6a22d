package io.freshet.storage.log;

import io.freshet.storage.file.DiskFull;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The log of a memory topic's partition ({@code freshet.storage=memory}): pub/sub. Its records are kept in a
 * bounded ring ({@link MemoryRing}) and never written to disk; readers that fall behind the ring's start get
 * OFFSET_OUT_OF_RANGE and skip ahead. An append is as durable as it will ever be once it is in memory, so
 * {@link #awaitDurable} completes at once (acks=all is answered after the append, with no fsync).
 *
 * <p>Offsets, producer checks, transactions and the last stable offset are those of a disk log
 * ({@link IncomingBatches}, {@link ProducerStateTable}). What survives a restart is the topic (in the catalog) and
 * the offset ceiling ({@link OffsetCeiling}, the partition directory's only file): the log restarts empty, its start
 * and end at the ceiling, so offsets never go backwards and a consumer's old position is out of range, not a
 * position among new records. Producer state does not survive: an idempotent producer's next batch is accepted as
 * from a producer this partition never saw, as Kafka does once a producer's state has expired.
 *
 * <p>Threading: one writer at a time ({@link #lock}: appends, retention, DeleteRecords); readers take no lock and
 * read the volatile {@link MemoryEnd} and log start offset, then the ring, which only ever drops whole segments.
 */
final class MemoryLog extends PartitionLog {

    private static final Logger log = LoggerFactory.getLogger(MemoryLog.class);

    /** Where the log ends, published as one value: offset and last stable offset together. */
    private record MemoryEnd(long nextOffset, long lastStableOffset) implements End {
    }

    private final OffsetCeiling ceiling;
    private final MemoryRing ring;
    private volatile MemoryEnd end;
    /** The start up to which aborted transactions were let go (the append lock's). */
    private long abortedDroppedBefore;

    /** Producer state starts empty: it does not survive a restart (see the class comment). */
    private MemoryLog(TopicPartition topicPartition, LogConfig config, StoreServices services, OffsetCeiling ceiling) {
        super(topicPartition, config, services, new ProducerStateTable(), ceiling.start());
        this.ceiling = ceiling;
        long start = ceiling.start();
        this.ring = new MemoryRing(start, time.milliseconds(), this::raiseStart);
        this.end = new MemoryEnd(start, start);
    }

    @Override
    MemoryEnd publishedEnd() {
        return end;
    }

    /**
     * Opens a memory partition: its directory holds only the offset ceiling, created with the partition. The log
     * starts empty at the ceiling.
     */
    static MemoryLog open(TopicPartition tp, Path dir, LogConfig config, StoreServices services) throws IOException {
        Files.createDirectories(dir);
        OffsetCeiling ceiling = OffsetCeiling.open(services.io(), dir, services.background(), tp.toString());
        if (ceiling.start() > 0) {
            log.info("Memory partition {} starts empty at offset {}", tp, ceiling.start());
        }
        return new MemoryLog(tp, config, services, ceiling);
    }

    // ------------------------------------------------------------------------------------------------ append

    /** Into the ring, after reserving the offsets under the ceiling; the origin does not matter (no disk space). */
    @Override
    AppendResult appendLocked(IncomingBatches.Checked checked, LogConfig cfg, long now, AppendOrigin origin) {
        long first = end.nextOffset();
        reserveOffsets(first + offsetCount(checked.batches()));
        IncomingBatches.Assigned assigned = IncomingBatches.assignOffsets(checked.batches(), first, cfg, now);
        ring.append(checked.records(), assigned, now, cfg);
        for (MutableRecordBatch batch : checked.batches()) {
            producers.onBatch(batch);
        }
        ring.evict(now, assigned.nextOffset(), cfg);
        publish(assigned.nextOffset());
        return IncomingBatches.result(assigned, cfg, now, logStartOffset);
    }

    /** Batches from a producer start at offset 0 (checked), so each takes its last offset + 1 offsets. */
    private static long offsetCount(List<MutableRecordBatch> batches) {
        long count = 0;
        for (MutableRecordBatch batch : batches) {
            count += batch.lastOffset() + 1;
        }
        return count;
    }

    /** Nothing is handed out above the ceiling on disk; when writing a new one fails, the append is refused. */
    private void reserveOffsets(long next) {
        try {
            ceiling.reserveBelow(next);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot reserve offsets of memory partition " + topicPartition + " ("
                + DiskFull.describe(e) + "): " + e.getMessage(), e);
        }
    }

    /** Under the lock, before the ring drops a segment: readers must never see the start behind what is gone. */
    private void raiseStart(long firstOffset) {
        if (firstOffset > logStartOffset) {
            logStartOffset = firstOffset;
        }
    }

    /** Moves the start to the ring's first offset if it dropped segments, then publishes the end (under the lock). */
    private void publish(long next) {
        long start = Math.max(logStartOffset, ring.firstOffset());
        logStartOffset = start;
        if (start > abortedDroppedBefore) {
            abortedDroppedBefore = start;
            producers.dropAbortedBefore(start);
        }
        // A transaction whose first batches fell off the ring holds the last stable offset at the log start.
        end = new MemoryEnd(next, Math.max(producers.firstUnstableOffset(next), start));
    }

    /** Never more durable than appended: completes at once (no fsync), or fails once the partition is deleted. */
    @Override
    public CompletableFuture<Void> awaitDurable(long offset) {
        if (health.writesFenced()) {
            return CompletableFuture.failedFuture(health.writesRefused());
        }
        return CompletableFuture.completedFuture(null);
    }

    // ------------------------------------------------------------------------------------------------ read

    /**
     * Reads what the ring holds from {@code fetchOffset}; the records are a view of the ring's memory.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} fell off the ring (or is beyond the end)
     */
    @Override
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneMessage, boolean committedOnly) {
        health.checkReadable();
        MemoryEnd e = end;
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > e.nextOffset()) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is outside [" + start + ", "
                + e.nextOffset() + "] of memory partition " + topicPartition
                + (fetchOffset < start ? ": it fell off the ring" : ""));
        }
        long upTo = committedOnly ? e.lastStableOffset() : e.nextOffset();
        BaseRecords records = fetchOffset < upTo ? ring.read(fetchOffset, upTo, maxBytes, minOneMessage)
            : MemoryRecords.EMPTY;
        return new LogReadResult(records, e.nextOffset(), start, e.lastStableOffset());
    }

    @Override
    public Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(long timestampMs) {
        health.checkReadable();
        return ring.offsetForTimestamp(timestampMs, logStartOffset, end.nextOffset(),
            config.maxDecompressedMessageBytes());
    }

    @Override
    public Optional<FileRecords.TimestampAndOffset> maxTimestampOffset() {
        health.checkReadable();
        return ring.maxTimestampOffset(logStartOffset, config.maxDecompressedMessageBytes());
    }

    // ------------------------------------------------------------------------------------------------ retention

    /** Moves the start only in memory: a restart starts the log empty at the ceiling anyway. */
    @Override
    public long deleteRecordsBefore(long offset) {
        health.checkWritable();
        lock.lock();
        try {
            long hw = end.nextOffset();
            long target = deleteTarget(offset, hw);
            ring.dropBefore(target, hw, time.milliseconds());
            raiseStart(target);
            publish(hw);
            return logStartOffset;
        } finally {
            lock.unlock();
        }
    }

    /** The periodic check: records older than {@code retention.ms} go even when nothing is appended. */
    @Override
    int enforceRetention(long nowMs) {
        if (health.writesFenced()) {
            return 0;
        }
        lock.lock();
        try {
            long next = end.nextOffset();
            int dropped = ring.evict(nowMs, next, config);
            if (dropped > 0) {
                publish(next);
            }
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** Keeps the exact end as the ceiling, so the next start goes on from it; the records are let go. */
    @Override
    void close() throws IOException {
        lock.lock();
        try {
            ceiling.closeAt(end.nextOffset());
        } finally {
            lock.unlock();
        }
    }

    @Override
    void deleteLocked() {
        ceiling.close();
        ring.clear(end.nextOffset(), time.milliseconds());
    }

    // ------------------------------------------------------------------------------------------------ accessors

    @Override
    public int segmentCount() {
        return ring.segmentCount();
    }

    /** Bytes of record batches in the ring (what DescribeLogDirs reports for it). */
    @Override
    public long sizeInBytes() {
        return ring.sizeInBytes();
    }
}
