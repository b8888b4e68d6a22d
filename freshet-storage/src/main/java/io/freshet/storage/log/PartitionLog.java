package io.freshet.storage.log;

import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.CheckedLongFile;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one partition: an ordered set of {@link LogSegment}s, offsets assigned on append, reads from any
 * offset between the log start offset and the high watermark.
 *
 * <p>Threading: one writer at a time. Appends, rolls, truncation and segment removal hold {@link #lock} (never
 * across an fsync). Readers take no lock: they read the volatile {@link LogEnd}, published after each append, and
 * never look past it. The {@link GroupCommitFlusher} thread alone fsyncs and advances {@link #flushedOffset}.
 *
 * <p>Design note: on one node the high watermark is the log end offset, as on a Kafka broker whose only replica is
 * the leader; durability is a separate, later point ({@link #awaitDurable}) that acks=all waits for.
 */
public final class PartitionLog {

    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);
    static final String LOG_START_OFFSET_FILE = "log-start-offset";
    private static final int LOG_START_MAGIC = 0x46524c53; // "FRLS"
    static final String CLEANER_CHECKPOINT_FILE = "cleaner-offset-checkpoint";
    private static final int CLEANER_CHECKPOINT_MAGIC = 0x46524343; // "FRCC"
    /** Bounds decompression when a timestamp search has to look inside compressed batches. */
    private static final int MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    /** Where the log ends, published as one value so that readers see offset and file position together. */
    record LogEnd(long nextOffset, LogSegment segment, int position) {
    }

    private final TopicPartition topicPartition;
    private final Path dir;
    private final Time time;
    private final AppendListener listener;
    private final GroupCommitFlusher flusher;
    private final SegmentDeleter deleter;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Held by whoever removes or replaces sealed segments (retention, DeleteRecords, the log cleaner) for the whole
     * of that work, file renames included, so that they never act on the same segments at once. Appends and reads
     * never take it; it is taken before {@link #lock}, never after.
     */
    private final ReentrantLock maintenance = new ReentrantLock();
    private final CheckedLongFile cleanerCheckpointFile;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final ProducerStateTable producers;
    private final CheckedLongFile logStartOffsetFile;
    /** Segments rolled away from, waiting for the flusher to fsync them and write their indexes. */
    private final ConcurrentLinkedQueue<LogSegment> sealing = new ConcurrentLinkedQueue<>();

    private volatile LogConfig config;
    private volatile LogEnd end;
    /** The offset below which no transaction is open (read_committed reads stop here); never above end. */
    private volatile long lastStableOffset;
    private volatile long logStartOffset;
    private volatile long flushedOffset;
    private volatile long lastFlushMs;
    private volatile byte[] pendingProducerSnapshot;
    private volatile boolean directoryDirty;
    private volatile KafkaStorageException failure;

    PartitionLog(TopicPartition topicPartition, Path dir, LogConfig config, Time time, AppendListener listener,
                 GroupCommitFlusher flusher, SegmentDeleter deleter, LogLoader.Loaded loaded) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.config = config;
        this.time = time;
        this.listener = listener;
        this.flusher = flusher;
        this.deleter = deleter;
        this.segments = loaded.segments();
        this.producers = loaded.producers();
        this.logStartOffsetFile = logStartOffsetFile(dir);
        this.cleanerCheckpointFile = new CheckedLongFile(dir.resolve(CLEANER_CHECKPOINT_FILE), CLEANER_CHECKPOINT_MAGIC);
        this.logStartOffset = loaded.logStartOffset();
        LogSegment active = segments.lastEntry().getValue();
        this.end = new LogEnd(active.nextOffset(), active, active.sizeInBytes());
        this.lastStableOffset = producers.firstUnstableOffset(active.nextOffset());
        this.flushedOffset = active.nextOffset();
        this.lastFlushMs = time.milliseconds();
    }

    static CheckedLongFile logStartOffsetFile(Path dir) {
        return new CheckedLongFile(dir.resolve(LOG_START_OFFSET_FILE), LOG_START_MAGIC);
    }

    // ------------------------------------------------------------------------------------------------ append

    /**
     * Validates and appends the batches of one produce request, assigning offsets in place. Nothing is appended
     * when any check fails. A retried batch that is already in the log is answered with its original offsets.
     */
    public AppendResult append(MemoryRecords records) {
        checkNotFailed();
        LogConfig cfg = config;
        long now = time.milliseconds();
        List<MutableRecordBatch> batches = BatchValidator.validate(records, cfg, now);
        BatchValidator.requireKeys(batches, cfg, topicPartition);
        MemoryRecords stored = BatchRecompressor.apply(records, batches, cfg);
        if (stored != records) {
            batches = BatchValidator.validate(stored, cfg, now);
        }
        AppendResult result;
        lock.lock();
        try {
            checkNotFailed();
            Optional<ProducerStateTable.BatchMetadata> duplicate = checkProducers(batches);
            if (duplicate.isPresent()) {
                return new AppendResult(duplicate.get().firstOffset(), duplicate.get().lastOffset(), -1,
                    logStartOffset, true);
            }
            result = appendLocked(stored, batches, cfg, now);
        } finally {
            lock.unlock();
        }
        listener.onAppend(topicPartition, result.lastOffset() + 1);
        if (cfg.flushMs() == 0 || result.lastOffset() + 1 - flushedOffset >= cfg.flushMessages()) {
            flusher.nudge(this);
        }
        return result;
    }

    /**
     * Ends a producer's transaction on this partition with a COMMIT or ABORT control batch (the transaction
     * coordinator's marker). Clients cannot write control batches; only this method does.
     *
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException when the producer has a newer epoch here
     */
    public AppendResult appendTransactionMarker(long producerId, short producerEpoch, boolean commit,
                                                int coordinatorEpoch) {
        checkNotFailed();
        long now = time.milliseconds();
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(0L, now, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            producerId, producerEpoch,
            new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch));
        List<MutableRecordBatch> batches = new ArrayList<>();
        marker.batches().forEach(batches::add);
        AppendResult result;
        lock.lock();
        try {
            checkNotFailed();
            Optional<Short> current = producers.epochOf(producerId);
            if (current.isPresent() && current.get() > producerEpoch) {
                throw new InvalidProducerEpochException("Marker of producer " + producerId + " has epoch "
                    + producerEpoch + " but " + topicPartition + " has seen epoch " + current.get());
            }
            result = appendLocked(marker, batches, config, now);
        } finally {
            lock.unlock();
        }
        listener.onAppend(topicPartition, result.lastOffset() + 1);
        return result;
    }

    /** The offset below which every transaction is decided: the end of what read_committed consumers may read. */
    public long lastStableOffset() {
        return lastStableOffset;
    }

    /** Aborted transactions overlapping offsets [from, to), for a read_committed fetch. No lock. */
    public List<ProducerStateTable.AbortedTransaction> abortedTransactions(long from, long to) {
        return producers.abortedOverlapping(from, to);
    }

    /** The open transactions here (producer id -> first offset); a snapshot taken under the lock. */
    public Map<Long, Long> openTransactions() {
        lock.lock();
        try {
            return producers.openTransactions();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code reader} on the producer state under the log's lock (DescribeProducers). */
    public <T> T withProducerState(java.util.function.Function<ProducerStateTable, T> reader) {
        lock.lock();
        try {
            return reader.apply(producers);
        } finally {
            lock.unlock();
        }
    }

    private Optional<ProducerStateTable.BatchMetadata> checkProducers(List<MutableRecordBatch> batches) {
        Optional<ProducerStateTable.BatchMetadata> duplicate = Optional.empty();
        for (MutableRecordBatch batch : batches) {
            if (batch.hasProducerId()) {
                duplicate = producers.check(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                    batch.lastSequence());
            }
        }
        // Only a request made wholly of one retried batch is a duplicate; v3+ requests carry one batch each.
        return batches.size() == 1 ? duplicate : Optional.empty();
    }

    private AppendResult appendLocked(MemoryRecords records, List<MutableRecordBatch> batches, LogConfig cfg,
                                      long now) {
        long firstOffset = end.nextOffset();
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
        long lastOffset = next - 1;
        try {
            LogSegment segment = maybeRoll(records.sizeInBytes(), lastOffset, cfg, now);
            segment.append(records, firstOffset, lastOffset, maxTimestamp, cfg.indexIntervalBytes());
            for (MutableRecordBatch batch : batches) {
                producers.onBatch(batch);
            }
            end = new LogEnd(next, segment, segment.sizeInBytes());
            lastStableOffset = producers.firstUnstableOffset(next); // after end: readers never see it above end
        } catch (IOException e) {
            throw fail("append", e);
        }
        return new AppendResult(firstOffset, lastOffset, logAppendTime ? now : -1, logStartOffset, false);
    }

    private LogSegment maybeRoll(int bytes, long lastOffset, LogConfig cfg, long now) throws IOException {
        LogSegment active = end.segment();
        boolean full = (long) active.sizeInBytes() + bytes > cfg.segmentBytes();
        boolean old = now - active.createdMs() >= cfg.segmentMs();
        boolean offsetsOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
        if (active.sizeInBytes() > 0 && (full || old || offsetsOverflow)) {
            return roll(now);
        }
        return active;
    }

    /** Starts a new segment at the log end; the old one is sealed by the flusher (fsync, then its indexes). */
    private LogSegment roll(long now) throws IOException {
        LogConfig cfg = config;
        LogSegment old = end.segment();
        LogSegment fresh = LogSegment.create(dir, end.nextOffset(), now, cfg.preallocate(), cfg.segmentBytes());
        segments.put(fresh.baseOffset(), fresh);
        end = new LogEnd(end.nextOffset(), fresh, 0);
        sealing.add(old);
        pendingProducerSnapshot = producers.snapshotBytes(fresh.baseOffset());
        directoryDirty = true;
        flusher.nudge(this);
        return fresh;
    }

    // ------------------------------------------------------------------------------------------------ durability

    /** Completes once an fsync covers {@code offset}; concurrent callers share fsyncs (group commit). */
    public CompletableFuture<Void> awaitDurable(long offset) {
        if (offset < flushedOffset) {
            return CompletableFuture.completedFuture(null);
        }
        return flusher.awaitDurable(this, offset);
    }

    /**
     * Makes everything appended so far durable. Called by the flusher, one thread at a time per log; returns the
     * new flushed offset.
     */
    long flush() {
        LogEnd target = end;
        try {
            LogSegment sealed;
            while ((sealed = sealing.poll()) != null) {
                if (segments.containsKey(sealed.baseOffset())) {
                    sealed.seal();
                }
            }
            if (target.nextOffset() > flushedOffset) {
                target.segment().flush();
            }
            if (directoryDirty) {
                directoryDirty = false;
                AtomicFile.fsyncDirectory(dir);
            }
            byte[] snapshot = pendingProducerSnapshot;
            if (snapshot != null) {
                pendingProducerSnapshot = null;
                ProducerStateTable.writeSnapshotBytes(dir, snapshot);
            }
        } catch (IOException e) {
            throw fail("fsync", e);
        }
        lastFlushMs = time.milliseconds();
        flushedOffset = Math.max(flushedOffset, target.nextOffset());
        return flushedOffset;
    }

    /** True when appended data has waited for an fsync longer than {@code flush.ms}. */
    boolean flushDue(long nowMs) {
        return end.nextOffset() > flushedOffset && nowMs - lastFlushMs >= config.flushMs();
    }

    long flushedOffset() {
        return flushedOffset;
    }

    // ------------------------------------------------------------------------------------------------ read

    /**
     * Reads batches from {@code fetchOffset}, at most {@code maxBytes} unless {@code minOneMessage} and the first
     * batch is larger. Every batch returned has passed its CRC check: a damaged batch is never served.
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneMessage) {
        return read(fetchOffset, maxBytes, minOneMessage, false);
    }

    /**
     * As {@link #read(long, int, boolean)}; with {@code committedOnly} (read_committed) nothing at or above the
     * last stable offset is returned.
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneMessage, boolean committedOnly) {
        checkNotFailed();
        LogEnd e = end;
        long stable = Math.min(lastStableOffset, e.nextOffset());
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > e.nextOffset()) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is outside [" + start + ", "
                + e.nextOffset() + "] of " + topicPartition);
        }
        BaseRecords records = MemoryRecords.EMPTY;
        long upTo = committedOnly ? stable : e.nextOffset();
        if (fetchOffset < upTo) {
            try {
                records = SegmentReader.read(segments, e, fetchOffset, maxBytes, minOneMessage, topicPartition, upTo);
            } catch (IOException ex) {
                throw fail("read", ex);
            }
        }
        return new LogReadResult(records, e.nextOffset(), start, stable);
    }

    /** The first record with a timestamp at or after {@code timestampMs}, if any. */
    public Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(long timestampMs) {
        LogEnd e = end;
        long start = logStartOffset;
        for (LogSegment segment : segments.values()) {
            if (segment.maxTimestamp() < timestampMs || segment.nextOffset() <= start) {
                continue;
            }
            long from = Math.max(segment.timeIndex().scanStartFor(timestampMs), start);
            int position = segment.offsetIndex().lookup(from);
            FileRecords.TimestampAndOffset found = segment.log().searchForTimestamp(timestampMs, position, from,
                MAX_DECOMPRESSED_BYTES);
            if (found != null && found.offset < e.nextOffset()) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** The record with the largest timestamp (ListOffsets MAX_TIMESTAMP); the earliest one on ties. */
    public Optional<FileRecords.TimestampAndOffset> maxTimestampOffset() {
        LogSegment best = null;
        for (LogSegment segment : segments.values()) {
            if (segment.nextOffset() > logStartOffset && (best == null || segment.maxTimestamp() > best.maxTimestamp())) {
                best = segment;
            }
        }
        if (best == null || best.maxTimestamp() < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(best.log().largestTimestampAfter(0));
    }

    // ------------------------------------------------------------------------------------------------ truncation

    /**
     * DeleteRecords: moves the log start offset to {@code offset} ({@code -1}: the high watermark) and drops the
     * segments wholly below it. The new start offset is durable before this returns.
     */
    public long deleteRecordsBefore(long offset) {
        checkNotFailed();
        // DeleteRecords waits for a cleaning of this partition in progress (see maintenance).
        maintenance.lock();
        try {
            List<LogSegment> removed;
            long newStart;
            lock.lock();
            try {
                long hw = end.nextOffset();
                long target = offset == -1 ? hw : offset;
                if (target < 0 || target > hw) {
                    throw new OffsetOutOfRangeException("Cannot delete records before " + target
                        + ": the high watermark of " + topicPartition + " is " + hw);
                }
                if (target > logStartOffset) {
                    logStartOffsetFile.write(target);
                    logStartOffset = target;
                }
                removed = removeSegmentsBelowStart();
                newStart = logStartOffset;
                producers.dropAbortedBefore(newStart); // their data is gone: nobody can fetch it any more
            } catch (IOException e) {
                throw fail("write log start offset", e);
            } finally {
                lock.unlock();
            }
            deleter.delete(this, removed);
            return newStart;
        } finally {
            maintenance.unlock();
        }
    }

    /**
     * Retention: drops the oldest segments while they are older than {@code retention.ms} or the log is larger
     * than {@code retention.bytes}. An expired active segment is rolled first, as Kafka does, so that even the
     * newest data can expire. Only with {@code cleanup.policy} {@code delete} (alone or with {@code compact}).
     * Returns how many segments were removed.
     */
    int enforceRetention(long nowMs) {
        LogConfig cfg = config;
        if (failure != null || !cfg.deleteByRetention()) {
            return 0;
        }
        maintenance.lock();
        try {
            return enforceRetention(nowMs, cfg);
        } finally {
            maintenance.unlock();
        }
    }

    private int enforceRetention(long nowMs, LogConfig cfg) {
        List<LogSegment> removed = new ArrayList<>();
        lock.lock();
        try {
            long total = segments.values().stream().mapToLong(LogSegment::sizeInBytes).sum();
            for (LogSegment segment : segments.values()) {
                boolean isActive = segment == end.segment();
                boolean expired = cfg.retentionMs() >= 0 && nowMs - lastTimestamp(segment) > cfg.retentionMs();
                boolean oversized = cfg.retentionBytes() >= 0 && total - segment.sizeInBytes() >= cfg.retentionBytes();
                if (!(expired || oversized) || segment.sizeInBytes() == 0) {
                    break;
                }
                if (isActive) {
                    roll(nowMs);
                }
                segments.remove(segment.baseOffset());
                removed.add(segment);
                total -= segment.sizeInBytes();
            }
            if (!removed.isEmpty()) {
                long newStart = segments.firstKey();
                if (newStart > logStartOffset) {
                    logStartOffset = newStart;
                    producers.dropAbortedBefore(newStart);
                }
            }
        } catch (IOException e) {
            throw fail("roll for retention", e);
        } finally {
            lock.unlock();
        }
        deleter.delete(this, removed);
        return removed.size();
    }

    // ------------------------------------------------------------------------------------------------ compaction

    /** See {@link #maintenance}: the cleaner holds it across a whole cleaning of this log. */
    ReentrantLock maintenanceLock() {
        return maintenance;
    }

    /**
     * The sealed segments below the active one, oldest first, stopping at the first one the flusher has not sealed
     * yet: what the cleaner may read and rewrite. No lock: the cleaner holds {@link #maintenance}, so nothing
     * else removes these segments meanwhile, and appends only add segments after them.
     */
    List<LogSegment> sealedSegments() {
        LogSegment active = end.segment();
        List<LogSegment> sealed = new ArrayList<>();
        for (LogSegment segment : segments.values()) {
            if (segment == active || !segment.isSealed()) {
                break;
            }
            sealed.add(segment);
        }
        return sealed;
    }

    /** The offset below which the log has been cleaned (0: never cleaned); read from its checkpoint file. */
    long cleanerCheckpoint() throws IOException {
        return cleanerCheckpointFile.read().orElse(0L);
    }

    void writeCleanerCheckpoint(long offset) throws IOException {
        cleanerCheckpointFile.write(offset);
    }

    /**
     * Puts {@code cleaned} in the place of {@code replaced} (consecutive segments, the first with the same base
     * offset as {@code cleaned}). Only the map entries change under the writer lock: the new segment first, so a
     * reader looking up any offset of the range always finds a segment that holds it, then the others go.
     *
     * @return false, changing nothing, if the segments are no longer those of the log
     */
    boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned) {
        lock.lock();
        try {
            for (LogSegment old : replaced) {
                if (segments.get(old.baseOffset()) != old || old == end.segment()) {
                    return false;
                }
            }
            segments.put(cleaned.baseOffset(), cleaned);
            for (LogSegment old : replaced) {
                if (old.baseOffset() != cleaned.baseOffset()) {
                    segments.remove(old.baseOffset());
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    Path dir() {
        return dir;
    }

    SegmentDeleter deleter() {
        return deleter;
    }

    private static long lastTimestamp(LogSegment segment) {
        return segment.maxTimestamp() >= 0 ? segment.maxTimestamp() : segment.createdMs();
    }

    private List<LogSegment> removeSegmentsBelowStart() {
        List<LogSegment> removed = new ArrayList<>();
        for (Map.Entry<Long, LogSegment> entry : segments.entrySet()) {
            LogSegment segment = entry.getValue();
            if (segment == end.segment() || segment.nextOffset() > logStartOffset) {
                break;
            }
            segments.remove(entry.getKey());
            removed.add(segment);
        }
        return removed;
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** Clean close: everything fsynced, indexes and producer state written, files closed. */
    void close() throws IOException {
        lock.lock();
        try {
            if (failure == null) {
                flush();
                end.segment().seal();
                ProducerStateTable.writeSnapshotBytes(dir, producers.snapshotBytes(end.nextOffset()));
            }
            for (LogSegment segment : segments.values()) {
                segment.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the whole partition: called by the store after it has forgotten this log. */
    void closeAndDeleteFiles() {
        lock.lock();
        try {
            failure = new KafkaStorageException(topicPartition + " has been deleted");
            for (LogSegment segment : segments.values()) {
                try {
                    segment.deleteFiles();
                } catch (IOException e) {
                    log.warn("Could not delete a segment of {}: {}", topicPartition, e.toString());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * An I/O error makes the log refuse all further work rather than guess what reached the disk; a restart
     * recovers it from what is on disk.
     */
    KafkaStorageException fail(String what, IOException e) {
        KafkaStorageException failed = new KafkaStorageException("I/O error during " + what + " of "
            + topicPartition + ": " + e.getMessage(), e);
        if (failure == null) {
            log.error("Taking {} offline after an I/O error during {}", topicPartition, what, e);
            failure = failed;
        }
        return failed;
    }

    private void checkNotFailed() {
        KafkaStorageException f = failure;
        if (f != null) {
            throw new KafkaStorageException(topicPartition + " is offline: " + f.getMessage());
        }
    }

    public boolean isOffline() {
        return failure != null;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public LogConfig config() {
        return config;
    }

    /** New settings apply from the next append, roll or retention check. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** On one node, every appended record is committed: the high watermark is the log end offset. */
    public long highWatermark() {
        return end.nextOffset();
    }

    public long logEndOffset() {
        return end.nextOffset();
    }

    public int segmentCount() {
        return segments.size();
    }

    public long sizeInBytes() {
        return segments.values().stream().mapToLong(LogSegment::sizeInBytes).sum();
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset + ", end=" + end.nextOffset() + ")";
    }
}
