package io.freshet.storage.log;

import io.freshet.storage.file.CheckedLongFile;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.KafkaException;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one partition on disk ({@code freshet.storage=disk}, the default): an ordered set of
 * {@link LogSegment}s, offsets assigned on append, reads from any offset between the log start offset and the high
 * watermark.
 *
 * <p>Threading: one writer at a time. Appends, rolls, truncation and segment removal hold {@link #lock} (never
 * across an fsync). Readers take no lock: they read the volatile {@link LogEnd}, published after each append, and
 * never look past it. The {@link GroupCommitFlusher} thread alone fsyncs and advances {@link #flushedOffset}.
 *
 * <p>Design note: on one node the high watermark is the log end offset, as on a Kafka broker whose only replica is
 * the leader; durability is a separate, later point ({@link #awaitDurable}) that acks=all waits for.
 *
 * <p>When the disk fails. A <em>full</em> disk (ENOSPC, EDQUOT, or less usable space than the write needed) refuses
 * the write and changes nothing else: a torn append is cut off, a roll's new segment is discarded, the partition
 * stays online and the next append may succeed ({@link DiskSpace} also refuses client appends that would eat into
 * the reserve). A <em>failing</em> disk (any other write error, and any failed fsync: after one the page cache
 * can no longer be trusted, PostgreSQL's "fsyncgate") is a storage failure ({@link #failStorage}): every durability
 * waiter fails, writes are refused until a restart, the log end goes back to the last fsynced point
 * ({@link #durable}) and the files are cut there, so that neither readers nor a restarted process find data whose
 * fsync failed; reads go on below it. Only when that cut fails too is the partition offline, reads included.
 */
final class DiskLog extends PartitionLog {

    private static final Logger log = LoggerFactory.getLogger(DiskLog.class);
    static final String LOG_START_OFFSET_FILE = "log-start-offset";
    private static final int LOG_START_MAGIC = 0x46524c53; // "FRLS"
    static final String CLEANER_CHECKPOINT_FILE = "cleaner-offset-checkpoint";
    private static final int CLEANER_CHECKPOINT_MAGIC = 0x46524343; // "FRCC"
    /** Bounds decompression when a timestamp search has to look inside compressed batches. */
    private static final int MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
    /** About what a small state or index file needs: with less usable space, its failed write was a full disk. */
    private static final int SMALL_FILE_BYTES = 4096;

    /**
     * Where the log ends, published as one value so that readers see offset, file position and last stable offset
     * together. The last stable offset is the one this end has (the first offset of its oldest open transaction,
     * else the end), so a log cut back to an earlier end gets that end's, not today's.
     */
    record LogEnd(long nextOffset, LogSegment segment, int position, long lastStableOffset) implements End {
    }

    private final Path dir;
    private final GroupCommitFlusher flusher;
    private final SegmentDeleter deleter;
    private final DiskSpace diskSpace;
    private final StorageIo io;
    private final SegmentIo segmentIo;
    private final ZeroFiller zeroFiller;
    /**
     * Held by whoever removes or replaces sealed segments (retention, DeleteRecords, the log cleaner) for the whole
     * of that work, file renames included, so that they never act on the same segments at once. Appends and reads
     * never take it; it is taken before {@link #lock}, never after.
     */
    private final ReentrantLock maintenance = new ReentrantLock();
    private final CheckedLongFile cleanerCheckpointFile;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final CheckedLongFile logStartOffsetFile;
    /** The ends of segments rolled away from, waiting for the flusher to fsync them and write their indexes. */
    private final ConcurrentLinkedQueue<LogEnd> sealing = new ConcurrentLinkedQueue<>();
    /** A roll happened under the lock; {@link #nudgeIfRolled} asks for its flush after the unlock. */
    private volatile boolean rollToFlush;
    /** The producer state as of the last roll, for the flusher to write once the rolled segment is durable. */
    private final AtomicReference<byte[]> pendingProducerSnapshot = new AtomicReference<>();

    private volatile LogEnd end;
    private volatile long flushedOffset;
    /**
     * Where the last successful fsync left the log: everything before it is on disk. Written under {@link #lock};
     * a storage failure moves {@link #end} back here. The loader fsynced what it recovered, so it starts at the end.
     */
    private volatile LogEnd durable;
    private volatile long lastFlushMs;
    private volatile boolean directoryDirty;
    /**
     * In the flush timer's set of logs with data not yet fsynced ({@link GroupCommitFlusher#watch}): set by an
     * append, cleared by the timer once it finds the log fully fsynced ({@link #onUnwatched}).
     */
    private volatile boolean flushWatched;

    DiskLog(TopicPartition topicPartition, Path dir, LogConfig config, StoreServices services,
                 LogLoader.Loaded loaded) {
        super(topicPartition, config, services, loaded.producers(), loaded.logStartOffset());
        this.dir = dir;
        this.flusher = services.flusher();
        this.deleter = services.deleter();
        this.diskSpace = services.diskSpace();
        this.io = services.io();
        this.segmentIo = services.segmentIo();
        this.zeroFiller = services.zeroFiller();
        this.segments = loaded.segments();
        this.logStartOffsetFile = logStartOffsetFile(io, dir);
        this.cleanerCheckpointFile = new CheckedLongFile(io, dir.resolve(CLEANER_CHECKPOINT_FILE),
            CLEANER_CHECKPOINT_MAGIC);
        LogSegment active = segments.lastEntry().getValue();
        this.end = new LogEnd(active.nextOffset(), active, active.sizeInBytes(),
            producers.firstUnstableOffset(active.nextOffset()));
        this.durable = end;
        this.flushedOffset = active.nextOffset();
        this.lastFlushMs = time.milliseconds();
    }

    @Override
    LogEnd publishedEnd() {
        return end;
    }

    static CheckedLongFile logStartOffsetFile(StorageIo io, Path dir) {
        return new CheckedLongFile(io, dir.resolve(LOG_START_OFFSET_FILE), LOG_START_MAGIC);
    }

    // ------------------------------------------------------------------------------------------------ append

    /**
     * Into the active segment, or a new one when it is full or old. On a full disk, or when a client append would
     * use the free-space reserve, a {@link KafkaStorageException} is thrown and nothing was appended (retriable).
     */
    @Override
    AppendResult appendLocked(IncomingBatches.Checked checked, LogConfig cfg, long now, AppendOrigin origin) {
        int bytes = checked.sizeInBytes();
        diskSpace.admit(topicPartition, bytes, origin);
        IncomingBatches.Assigned assigned = IncomingBatches.assignOffsets(checked.batches(), end.nextOffset(), cfg,
            now);
        LogSegment active = end.segment();
        boolean rolls = needsRoll(active, bytes, assigned.lastOffset(), cfg, now);
        LogSegment segment = rolls ? createSegment(now, bytes) : active;
        int position = segment.sizeInBytes();
        try {
            segment.append(checked.records(), assigned.firstOffset(), assigned.lastOffset(), assigned.maxTimestamp(),
                cfg.indexIntervalBytes());
        } catch (IOException e) {
            throw appendFailed(segment, rolls, position, bytes, e);
        }
        if (rolls) {
            installRoll(segment);
        }
        for (MutableRecordBatch batch : checked.batches()) {
            producers.onBatch(batch);
        }
        long next = assigned.nextOffset();
        end = new LogEnd(next, segment, segment.sizeInBytes(), producers.firstUnstableOffset(next));
        diskSpace.onWritten(bytes, origin);
        return IncomingBatches.result(assigned, cfg, now, logStartOffset);
    }

    /**
     * Asks the flusher for a flush when {@code flush.ms} is 0 or {@code flush.messages} are waiting (a client's
     * append only), and for the seal of a segment this append rolled away from.
     */
    @Override
    void afterAppend(AppendResult result, LogConfig cfg, boolean marker) {
        watchForFlush();
        if (!marker && (cfg.flushMs() == 0 || result.lastOffset() + 1 - flushedOffset >= cfg.flushMessages())) {
            rollToFlush = false;
            flusher.nudge(this);
        }
        nudgeIfRolled();
    }

    private static boolean needsRoll(LogSegment active, int bytes, long lastOffset, LogConfig cfg, long now) {
        boolean full = (long) active.sizeInBytes() + bytes > cfg.segmentBytes();
        boolean old = now - active.createdMs() >= cfg.segmentMs();
        boolean offsetsOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
        return active.sizeInBytes() > 0 && (full || old || offsetsOverflow);
    }

    /**
     * A new segment at the log end, not yet part of the log: a roll changes nothing until the new segment exists
     * and (for an append) holds its first batch, so a roll that fails leaves the log as it was.
     */
    private LogSegment createSegment(long now, int bytes) {
        LogConfig cfg = config;
        long base = end.nextOffset();
        try {
            return LogSegment.create(segmentIo, dir, base, now, cfg.preallocate(), cfg.segmentBytes());
        } catch (IOException e) {
            if (diskSpace.isDiskFull(e, bytes)) {
                deleteQuietly(base);
                throw diskSpace.onDiskFull("create segment " + base + " of " + topicPartition, e);
            }
            throw failStorage("segment creation", e);
        }
    }

    /**
     * An append that failed. On a full disk the bytes it may have written are cut off (or the new segment of its
     * roll discarded) and nothing else has changed, so the partition stays writable; anything else is a storage
     * failure.
     */
    private KafkaStorageException appendFailed(LogSegment segment, boolean fresh, int position, int bytes,
                                               IOException error) {
        boolean diskFull = diskSpace.isDiskFull(error, bytes);
        try {
            if (fresh) {
                segment.discard();
            } else if (diskFull) {
                segment.truncateTo(position, segment.nextOffset());
            }
        } catch (IOException cut) {
            error.addSuppressed(cut);
            return failStorage("append (and cutting off its partial write)", error);
        }
        return diskFull ? diskSpace.onDiskFull("append " + bytes + " bytes to " + topicPartition, error)
            : failStorage("append", error);
    }

    /** Makes a new segment, holding its first batch or empty, the active one; the flusher seals the old one. */
    private void installRoll(LogSegment fresh) {
        // Queued before end moves to the new segment: a flush that sees the new end seals the old one first.
        sealing.add(end); // the rolled segment's final end
        segments.put(fresh.baseOffset(), fresh);
        pendingProducerSnapshot.set(producers.snapshotBytes(fresh.baseOffset()));
        directoryDirty = true;
        rollToFlush = true;
    }

    /**
     * Asks the flusher to seal a rolled segment, once the lock is released: by then the batch that rolled is in the
     * published end, so that flush makes it durable too (a flush nudged inside the roll could read the end before it
     * and then, if its snapshot write failed, cut the batch off).
     */
    private void nudgeIfRolled() {
        if (rollToFlush) {
            rollToFlush = false;
            flusher.nudge(this);
        }
    }

    /** Starts an empty segment at the log end (retention of an expired active segment). */
    private void roll(long now) {
        LogSegment fresh = createSegment(now, 0);
        installRoll(fresh);
        end = new LogEnd(end.nextOffset(), fresh, 0, end.lastStableOffset());
    }

    private void deleteQuietly(long baseOffset) {
        try {
            LogSegment.deleteFiles(dir, baseOffset);
        } catch (IOException e) {
            log.debug("Could not remove the unused segment {} of {}: {}", baseOffset, topicPartition, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ durability

    /**
     * Completes once an fsync covers {@code offset}; concurrent callers share fsyncs (group commit). Fails, and
     * never completes normally afterwards, when the storage of this partition has failed before that point.
     */
    @Override
    public CompletableFuture<Void> awaitDurable(long offset) {
        if (offset < flushedOffset) {
            return CompletableFuture.completedFuture(null);
        }
        if (health.writesFenced()) {
            return CompletableFuture.failedFuture(health.writesRefused());
        }
        return flusher.awaitDurable(this, offset);
    }

    /**
     * Makes everything appended so far durable: seals rolled segments (fsync, then indexes), fsyncs the active one
     * and the directory, then writes the producer snapshot of the last roll. Called by the flusher, one thread at
     * a time per log; returns the new flushed offset.
     *
     * @throws KafkaStorageException when an fsync failed (the log has then failed, see {@link #failStorage})
     */
    long flush() {
        health.checkWritable();
        LogEnd target = end;
        boolean fsyncedData = false;
        try {
            LogEnd rolled;
            while ((rolled = sealing.poll()) != null) {
                if (segments.get(rolled.segment().baseOffset()) == rolled.segment()) {
                    seal(rolled);
                }
            }
            if (target.nextOffset() > flushedOffset) {
                target.segment().flush();
                fsyncedData = true;
            }
            if (directoryDirty) {
                directoryDirty = false;
                io.fsyncDirectory(dir);
            }
        } catch (IOException e) {
            throw failStorage("fsync", e);
        }
        markDurable(target);
        if (fsyncedData) {
            zeroFiller.onFlushed(this); // writes ahead of the next appends, on its own thread
        }
        byte[] snapshot = pendingProducerSnapshot.getAndSet(null);
        if (snapshot != null) {
            writeProducerSnapshot(snapshot);
        }
        lastFlushMs = time.milliseconds();
        segmentIo.openSegments().trim(); // what this fsync made closable may bring an exceeded budget back
        return flushedOffset;
    }

    /**
     * Trims and fsyncs a segment that is no longer appended to, then writes its indexes. A full disk only costs the
     * index files (rebuilt at the next start); a failed fsync is thrown to the caller.
     */
    private void seal(LogEnd rolled) throws IOException {
        LogSegment segment = rolled.segment();
        segment.seal();
        lock.lock();
        try {
            if (!health.writesFenced() && rolled.nextOffset() >= durable.nextOffset()) {
                durable = rolled;
            }
        } finally {
            lock.unlock();
        }
        try {
            segment.writeIndexes();
        } catch (IOException e) {
            if (!diskSpace.isDiskFull(e, SMALL_FILE_BYTES)) {
                throw e;
            }
            diskSpace.onDiskFull("write the index files of segment " + segment.baseOffset() + " of "
                + topicPartition + " (they are rebuilt at the next start)", e);
        }
    }

    /** Records an fsync that covered {@code target}, unless a storage failure cut the log back meanwhile. */
    private void markDurable(LogEnd target) {
        lock.lock();
        try {
            health.checkWritable(); // a failure during this fsync cut the log back: this fsync proves nothing any more
            if (target.nextOffset() >= durable.nextOffset()) {
                durable = target;
            }
            flushedOffset = Math.max(flushedOffset, target.nextOffset());
        } finally {
            lock.unlock();
        }
    }

    /** The idempotent-producer snapshot; a full disk skips it (written again at the next roll or at close). */
    private void writeProducerSnapshot(byte[] snapshot) {
        try {
            ProducerStateTable.writeSnapshotBytes(io, dir, snapshot);
        } catch (IOException e) {
            if (diskSpace.isDiskFull(e, snapshot.length)) {
                diskSpace.onDiskFull("write the producer-state snapshot of " + topicPartition
                    + " (written again at the next roll or shutdown)", e);
            } else {
                failStorage("the write of the producer-state snapshot", e);
            }
        }
    }

    /** Puts the log in the flush timer's set, once: its end moved past what is fsynced (read after that move). */
    private void watchForFlush() {
        if (!flushWatched) {
            flushWatched = true;
            flusher.watch(this);
        }
    }

    /**
     * The flush timer removed this fully fsynced log from its set. An append that published its end before this
     * cleared the flag, and so did not add the log itself, is seen by the check after it (both are volatile), and the
     * log goes back in.
     */
    void onUnwatched() {
        flushWatched = false;
        if (hasUnflushedData()) {
            watchForFlush();
        }
    }

    boolean hasUnflushedData() {
        return end.nextOffset() > flushedOffset;
    }

    /** True when appended data has waited for an fsync longer than {@code flush.ms}. */
    boolean flushDue(long nowMs) {
        return end.nextOffset() > flushedOffset && nowMs - lastFlushMs >= config.flushMs();
    }

    long flushedOffset() {
        return flushedOffset;
    }

    /**
     * A storage failure (fsyncgate): any fsync that failed, or a write that failed for another reason than a full
     * disk. Once the kernel has reported a write-back error, the page cache may hold data that never reached the
     * disk, and a later fsync may succeed without writing it. So, once per partition: writes are refused until a
     * restart (awaitDurable fails), the log end goes back to where the last successful fsync left it, and the
     * files are cut there (the active segment to its durable length, later segments to nothing), so that neither a
     * reader nor a restarted process finds data whose fsync failed. acks=1 data not yet fsynced is dropped with it,
     * as a power loss would drop it. If the cut fails too, the partition is offline: reads fail as well.
     *
     * @return the exception for the caller to throw
     */
    KafkaStorageException failStorage(String what, IOException cause) {
        lock.lock();
        try {
            if (!health.fenceWrites(what, cause)) {
                return health.writesRefused();
            }
            LogEnd durableEnd = durable;
            LogEnd current = end;
            end = durableEnd; // never behind: durable is an earlier end, or the end of a segment rolled away from
            try {
                cutAfter(durableEnd);
                log.error("The storage of {} failed during {}: {}. Its writes are refused and its log now ends at "
                    + "offset {}, the last one fsynced (the {} offsets after it, never fsynced, were dropped); reads "
                    + "go on. Check the disk and restart the broker to recover it.", topicPartition, what,
                    cause.toString(),
                    durableEnd.nextOffset(), current.nextOffset() - durableEnd.nextOffset(), cause);
            } catch (IOException | RuntimeException cut) {
                health.takeOffline(what, cause);
                log.error("{} is OFFLINE, reads included: its storage failed during {} ({}) and cutting its log back "
                    + "to the last fsynced offset {} failed too ({}). Check the disk, then restart the broker.",
                    topicPartition, what, cause.toString(), durableEnd.nextOffset(), cut.toString(), cause);
            }
            return health.writesRefused();
        } finally {
            lock.unlock();
        }
    }

    /** Cuts every segment file back to {@code durableEnd}: the segment it points into, and every later one. */
    private void cutAfter(LogEnd durableEnd) throws IOException {
        for (LogSegment segment : segments.values()) {
            if (segment == durableEnd.segment()) {
                if (segment.sizeInBytes() > durableEnd.position()) {
                    segment.truncateTo(durableEnd.position(), durableEnd.nextOffset());
                }
            } else if (segment.baseOffset() >= durableEnd.nextOffset()) {
                if (segment.sizeInBytes() > 0) {
                    segment.truncateTo(0, segment.baseOffset());
                }
            } else if (segment.nextOffset() > durableEnd.nextOffset()) {
                throw new IOException("segment " + segment.baseOffset() + " straddles the durable end "
                    + durableEnd.nextOffset());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ read

    /** A damaged batch is never served: CORRUPT_MESSAGE; see {@link SegmentReader}. */
    @Override
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneMessage, boolean committedOnly) {
        health.checkReadable();
        LogEnd e = end;
        long stable = e.lastStableOffset();
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
                throw health.readFailed(fetchOffset, ex);
            } catch (KafkaException ex) {
                // kafka-clients' batch iterators wrap the IOException of a failed read
                if (ex.getCause() instanceof IOException io) {
                    throw health.readFailed(fetchOffset, io);
                }
                throw ex;
            }
        }
        return new LogReadResult(records, e.nextOffset(), start, stable);
    }

    @Override
    public Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(long timestampMs) {
        health.checkReadable();
        LogEnd e = end;
        long start = logStartOffset;
        for (LogSegment segment : segments.values()) {
            if (segment.maxTimestamp() < timestampMs || segment.nextOffset() <= start) {
                continue;
            }
            long from = Math.max(segment.timeIndex().scanStartFor(timestampMs), start);
            FileRecords.TimestampAndOffset found = searchForTimestamp(segment, timestampMs, from);
            if (found != null && found.offset < e.nextOffset()) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private FileRecords.TimestampAndOffset searchForTimestamp(LogSegment segment, long timestampMs, long from) {
        int position = segment.offsetIndex().lookup(from);
        try {
            return segment.withRecords(records -> records.searchForTimestamp(timestampMs, position, from,
                MAX_DECOMPRESSED_BYTES));
        } catch (IOException e) {
            throw health.readFailed(from, e);
        }
    }

    @Override
    public Optional<FileRecords.TimestampAndOffset> maxTimestampOffset() {
        health.checkReadable();
        LogSegment best = null;
        for (LogSegment segment : segments.values()) {
            if (segment.nextOffset() > logStartOffset && (best == null || segment.maxTimestamp() > best.maxTimestamp())) {
                best = segment;
            }
        }
        if (best == null || best.maxTimestamp() < 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(best.withRecords(records -> records.largestTimestampAfter(0)));
        } catch (IOException e) {
            throw health.readFailed(best.baseOffset(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ truncation

    /**
     * DeleteRecords: moves the log start offset to {@code offset} ({@code -1}: the high watermark) and drops the
     * segments wholly below it. The new start offset is durable before this returns.
     */
    @Override
    public long deleteRecordsBefore(long offset) {
        health.checkWritable();
        // DeleteRecords waits for a cleaning of this partition in progress (see maintenance).
        maintenance.lock();
        try {
            List<LogSegment> removed;
            long newStart;
            lock.lock();
            try {
                long target = deleteTarget(offset, end.nextOffset());
                health.checkWritable();
                if (target > logStartOffset) {
                    writeLogStartOffset(target);
                    logStartOffset = target;
                }
                removed = removeSegmentsBelowStart();
                newStart = logStartOffset;
                producers.dropAbortedBefore(newStart); // their data is gone: nobody can fetch it any more
            } finally {
                lock.unlock();
            }
            deleter.delete(this, removed);
            return newStart;
        } finally {
            maintenance.unlock();
        }
    }

    /** On a full disk DeleteRecords fails and nothing moves; the partition stays writable. */
    private void writeLogStartOffset(long target) {
        try {
            logStartOffsetFile.write(target);
        } catch (IOException e) {
            if (diskSpace.isDiskFull(e, SMALL_FILE_BYTES)) {
                throw diskSpace.onDiskFull("write the log start offset of " + topicPartition, e);
            }
            throw failStorage("the write of the log start offset", e);
        }
    }

    /**
     * Retention: drops the oldest segments while they are older than {@code retention.ms} or the log is larger
     * than {@code retention.bytes}. An expired active segment is rolled first, as Kafka does, so that even the
     * newest data can expire. Only with {@code cleanup.policy} {@code delete} (alone or with {@code compact}).
     * Returns how many segments were removed.
     */
    @Override
    int enforceRetention(long nowMs) {
        LogConfig cfg = config;
        if (health.writesFenced() || !cfg.deleteByRetention()) {
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
                if (isActive && !tryRoll(nowMs)) {
                    break;
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
        } finally {
            lock.unlock();
        }
        nudgeIfRolled();
        deleter.delete(this, removed);
        return removed.size();
    }

    /** A roll for retention; false (logged by {@link DiskSpace} or {@link #failStorage}) when it failed. */
    private boolean tryRoll(long nowMs) {
        try {
            roll(nowMs);
            return true;
        } catch (KafkaStorageException e) {
            return false;
        }
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
                if (durable.segment() == old) { // at its end (sealed segments are durable), where the cleaned one ends
                    durable = new LogEnd(durable.nextOffset(), cleaned, cleaned.sizeInBytes(),
                        durable.lastStableOffset());
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

    /** The segment appends go to; the zero-fill thread writes ahead of its data ({@link ZeroFiller}). */
    LogSegment activeSegment() {
        return end.segment();
    }

    SegmentDeleter deleter() {
        return deleter;
    }

    StorageIo io() {
        return io;
    }

    SegmentIo segmentIo() {
        return segmentIo;
    }

    DiskSpace diskSpace() {
        return diskSpace;
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

    /**
     * Clean close: everything fsynced, indexes and producer state written, files closed. After a storage failure
     * only the files are closed: the next start recovers the log as after a crash.
     *
     * @throws KafkaStorageException when the final fsync failed (the log has then failed)
     */
    @Override
    void close() throws IOException {
        lock.lock();
        try {
            if (!health.writesFenced()) {
                flush();
                try {
                    seal(end);
                } catch (IOException e) {
                    throw failStorage("fsync at shutdown", e);
                }
                writeProducerSnapshot(producers.snapshotBytes(end.nextOffset()));
            }
        } finally {
            try {
                for (LogSegment segment : segments.values()) {
                    segment.close();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The partition's directory was renamed to {@code dir} (topic deletion, files removed later): segments whose
     * channel the open-file budget closed reopen there if a reader that held them before the deletion reads on.
     */
    void onDirectoryMoved(Path movedTo) {
        for (LogSegment segment : segments.values()) {
            segment.file().moveParent(movedTo);
        }
    }

    @Override
    void deleteLocked() {
        for (LogSegment segment : segments.values()) {
            try {
                segment.deleteFiles();
            } catch (IOException e) {
                log.warn("Could not delete a segment of {}: {}", topicPartition, e.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ accessors

    @Override
    public int segmentCount() {
        return segments.size();
    }

    @Override
    public long sizeInBytes() {
        return segments.values().stream().mapToLong(LogSegment::sizeInBytes).sum();
    }
}
