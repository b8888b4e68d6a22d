package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One file of a partition's log: record batches as the producers sent them, with broker-assigned offsets, plus
 * the sparse offset and time indexes that describe it. Files are named after the segment's base offset, as
 * Kafka names them ({@code 00000000000000000042.log}, {@code .index}, {@code .timeindex}), and the {@code .log}
 * file has exactly Kafka's layout: record batches v2, back to back.
 *
 * <p>Threading: appended to only by the partition's writer (under {@link DiskLog}'s lock); read by any
 * thread through {@link FileRecords}, whose size is published after each write. The file's channel is held through
 * a {@link SegmentFile}, which the store's {@link OpenSegments} budget may close while nobody uses it: every use
 * takes a lease (readers through {@link #withRecords}), which reopens it if need be. It may be closed only while the
 * file holds exactly the segment's data, all of it fsynced ({@link #closable}).
 *
 * <p>Every write, fsync, truncation and rename goes through the {@link StorageIo} it was opened with.
 */
final class LogSegment {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";
    /** A segment being written by the log cleaner: never part of the log; a restart deletes it. */
    static final String CLEANED_SUFFIX = ".cleaned";
    /** A cleaned segment that must replace the segments it covers: a restart finishes the replacement. */
    static final String SWAP_SUFFIX = ".swap";

    private final StorageIo io;
    private final Path dir;
    private final long baseOffset;
    private final SegmentFile file;
    /** Zeros written ahead of the data by the zero-fill thread ({@code log.zero.fill.ahead.bytes}). */
    private final ZeroTail zeroTail;
    private OffsetIndex offsetIndex;
    private TimeIndex timeIndex;
    private final long createdMs;
    /** Offset after the last record, written by the appender, read by retention and readers. */
    private volatile long nextOffset;
    private volatile long maxTimestamp = -1;
    private int bytesSinceLastIndexEntry;
    /** Bytes from the start of the file known to hold valid batches: see {@link SegmentReader}. */
    private final AtomicInteger verifiedBytes = new AtomicInteger();
    /** Fsynced and trimmed, never appended to again: only such segments may be cleaned. */
    private volatile boolean sealed;
    /** Renamed to {@code *.deleted}: its files no longer carry the segment's own names. */
    private volatile boolean deleted;
    /** Created with {@code preallocate}: the file is longer than its data until the seal trims it. */
    private volatile boolean preallocated;
    /**
     * Bytes known to be fsynced (or found on disk by a start that made them durable): closing the channel with
     * dirty pages would report a write-back error to no fsync of ours (see {@link DiskLog#failStorage}).
     */
    private volatile int syncedBytes;

    private LogSegment(SegmentIo segmentIo, Path dir, long baseOffset, FileRecords log, OffsetIndex offsetIndex,
                       TimeIndex timeIndex, long createdMs, long nextOffset, boolean preallocated) {
        this.io = segmentIo.io();
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.file = new SegmentFile(io, segmentIo.openSegments(), log, this::closable);
        this.zeroTail = new ZeroTail(file);
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.createdMs = createdMs;
        this.nextOffset = nextOffset;
        this.preallocated = preallocated;
        file.register();
    }

    static LogSegment create(SegmentIo io, Path dir, long baseOffset, long nowMs, boolean preallocate,
                             int segmentBytes) throws IOException {
        Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        FileRecords records = io.io().openRecords(file, false, preallocate ? segmentBytes : 0, preallocate);
        return new LogSegment(io, dir, baseOffset, records, new OffsetIndex(baseOffset), new TimeIndex(baseOffset),
            nowMs, baseOffset, preallocate);
    }

    /**
     * Opens an existing segment. Its indexes come from disk when they are intact and describe this very file;
     * otherwise the caller must {@link SegmentRecovery recover} the segment, which rebuilds them.
     */
    static LogSegment open(SegmentIo io, Path dir, long baseOffset) throws IOException {
        Path logPath = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        FileRecords records = io.io().openRecords(logPath, true, 0, false);
        int size = records.sizeInBytes();
        long created = Files.getLastModifiedTime(logPath).toMillis();
        IndexFile.Contents offsetFile = IndexFile.read(dir.resolve(fileName(baseOffset, INDEX_SUFFIX)),
            IndexFile.KIND_OFFSET, size);
        IndexFile.Contents timeFile = IndexFile.read(dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX)),
            IndexFile.KIND_TIME, size);
        OffsetIndex offsets = offsetFile == null ? null : OffsetIndex.fromEntries(offsetFile.entries(), baseOffset, size);
        TimeIndex times = timeFile == null ? null : TimeIndex.fromEntries(timeFile.entries(), baseOffset);
        boolean agree = offsets != null && times != null && offsetFile.nextOffset() == timeFile.nextOffset()
            && offsetFile.nextOffset() >= baseOffset && (size == 0) == (offsetFile.nextOffset() == baseOffset);
        if (!agree) {
            return new LogSegment(io, dir, baseOffset, records, null, null, created, baseOffset, false);
        }
        LogSegment segment = new LogSegment(io, dir, baseOffset, records, offsets, times, created,
            offsetFile.nextOffset(), false);
        segment.maxTimestamp = offsetFile.maxTimestamp();
        return segment;
    }

    /**
     * Opens a cleaned segment held in {@code file} (a {@code .swap} file) for the segment at {@code baseOffset}.
     * It has no indexes yet: the caller {@link SegmentRecovery recovers} it, which builds them.
     */
    static LogSegment openCleaned(SegmentIo io, Path dir, long baseOffset, Path file, long createdMs)
        throws IOException {
        FileRecords records = io.io().openRecords(file, true, 0, false);
        return new LogSegment(io, dir, baseOffset, records, null, null, createdMs, baseOffset, false);
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    boolean hasIndexes() {
        return offsetIndex != null && timeIndex != null;
    }

    /**
     * Appends batches whose offsets are already assigned. Indexes get an entry when at least
     * {@code indexIntervalBytes} were written since the last one, and always for a segment's first batch.
     *
     * <p>When the write fails nothing in memory changes, but part of the bytes may be in the file: the caller cuts
     * them off ({@link #truncateTo}) or fails the log.
     */
    void append(MemoryRecords records, long firstOffset, long lastOffset, long batchMaxTimestamp,
                int indexIntervalBytes) throws IOException {
        FileRecords log = file.acquire();
        int position;
        int written;
        try {
            position = log.sizeInBytes();
            // A view of the buffer: a write that fails half-way must not move the caller's buffer position.
            MemoryRecords view = MemoryRecords.readableRecords(records.buffer());
            if (zeroTail.covers(position + view.sizeInBytes())) {
                written = log.append(view); // into zeros already written: no zero write can land here any more
            } else {
                synchronized (zeroTail) { // the writer caught up with the zeros (or there are none): one at a time
                    written = log.append(view);
                }
            }
        } finally {
            file.release();
        }
        verifiedBytes.compareAndSet(position, position + written); // validated on the way in
        onBatch(position, written, firstOffset, lastOffset, batchMaxTimestamp, indexIntervalBytes);
    }

    /** Index bookkeeping for a batch now in the file; recovery calls it for each batch it finds. */
    void onBatch(int position, int batchBytes, long firstOffset, long lastOffset, long batchMaxTimestamp,
                 int indexIntervalBytes) {
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
        }
        if (position == 0 || bytesSinceLastIndexEntry >= indexIntervalBytes) {
            offsetIndex.append(firstOffset, position);
            timeIndex.maybeAppend(maxTimestamp, lastOffset);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchBytes;
        nextOffset = lastOffset + 1;
    }

    int verifiedBytes() {
        return verifiedBytes.get();
    }

    /** Records that {@code [from, to)} was CRC-checked; extends the verified prefix when it adjoins it. */
    void markVerified(int from, int to) {
        verifiedBytes.updateAndGet(v -> from <= v && to > v ? to : v);
    }

    /** Forgets the indexes so that recovery can rebuild them batch by batch. Only before the segment is shared. */
    void resetIndexes() {
        offsetIndex = new OffsetIndex(baseOffset);
        timeIndex = new TimeIndex(baseOffset);
        nextOffset = baseOffset;
        maxTimestamp = -1;
        bytesSinceLastIndexEntry = 0;
    }

    /**
     * Writes both indexes for the current contents; the log itself must already be fsynced. Failing here loses
     * nothing: a segment without valid index files is scanned and indexed again at start-up.
     */
    void writeIndexes() throws IOException {
        int size = file.sizeInBytes();
        offsetIndex.write(io, dir.resolve(fileName(baseOffset, INDEX_SUFFIX)), size, nextOffset, maxTimestamp);
        timeIndex.write(io, dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX)), size, nextOffset, maxTimestamp);
    }

    /**
     * Makes a finished segment final on disk: cuts a preallocated or zero-filled file back to its data, fsyncs data
     * and length. The caller then writes its indexes ({@link #writeIndexes}), which record that length.
     */
    void seal() throws IOException {
        FileRecords log = file.acquire();
        try {
            zeroTail.retireAndTrim(log);
            int size = log.sizeInBytes();
            log.channel().force(true);
            preallocated = false;
            syncedBytes = size;
        } finally {
            file.release();
        }
        sealed = true;
    }

    /**
     * Cuts the file back to {@code position} bytes, where the log's offsets reach {@code nextOffset}: a write that
     * failed, or data whose fsync failed. The in-memory indexes keep their entries beyond; readers never look past
     * the log end, which the caller has already moved back.
     */
    void truncateTo(int position, long newNextOffset) throws IOException {
        FileRecords log = file.acquire();
        try {
            zeroTail.truncateTo(log, position);
        } finally {
            file.release();
        }
        nextOffset = newNextOffset;
        verifiedBytes.updateAndGet(v -> Math.min(v, position));
    }

    /** Throws away a segment that was created but never became part of the log (a roll whose append failed). */
    void discard() throws IOException {
        zeroTail.retire();
        file.retire();
        deleteFiles(dir, baseOffset);
    }

    /** For segments found on disk below the last one: complete files that are never appended to again. */
    void markSealed() {
        sealed = true;
    }

    boolean isSealed() {
        return sealed;
    }

    /** Gives a cleaned segment its final name ({@code <base>.log}); the old segment's file must be renamed first. */
    void renameToLogFile() throws IOException {
        file.rename(dir.resolve(fileName(baseOffset, LOG_SUFFIX)));
    }

    /** fdatasync of the log file: what makes appended batches survive a power loss. */
    void flush() throws IOException {
        FileRecords log = file.acquire();
        try {
            int size = log.sizeInBytes(); // before the fsync: what it covers for sure
            log.channel().force(false);
            syncedBytes = size;
        } finally {
            file.release();
        }
    }

    /** Records that the file's data is durable without an fsync of ours (found so at start-up, or fsynced whole). */
    void markSynced() {
        syncedBytes = file.sizeInBytes();
    }

    /**
     * Whether the budget may close the channel now: the file holds exactly the data (no zeros or preallocated space
     * ahead, so a reopen finds the same size) and all of it is fsynced. The caller holds no lease and keeps others
     * from taking one meanwhile ({@link SegmentFile#tryClose}), so no append runs.
     */
    private boolean closable() {
        return !preallocated && zeroTail.holdsNoZeros() && syncedBytes >= file.sizeInBytes();
    }

    void close() throws IOException {
        zeroTail.retire();
        file.retire();
    }

    /**
     * First step of deletion: renames the files to {@code *.deleted}, so that a restart does not bring the segment
     * back, while readers that already hold it can still finish.
     */
    void markDeleted() throws IOException {
        // REPLACE_EXISTING: a segment cleaned twice within file.delete.delay.ms leaves an older *.deleted file of
        // the same base offset; replacing it is harmless, readers of that file hold it open.
        file.rename(dir.resolve(fileName(baseOffset, LOG_SUFFIX + DELETED_SUFFIX)));
        deleted = true; // from here on its files are found under their *.deleted names
        for (String suffix : new String[]{INDEX_SUFFIX, TIME_INDEX_SUFFIX}) {
            Path file = dir.resolve(fileName(baseOffset, suffix));
            if (Files.exists(file)) {
                io.move(file, dir.resolve(fileName(baseOffset, suffix + DELETED_SUFFIX)),
                    StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Second step, {@code file.delete.delay.ms} later: closes the files and removes them. A segment renamed for
     * deletion removes only its {@code *.deleted} files: a cleaned segment may by now own the plain names.
     */
    void deleteFiles() throws IOException {
        zeroTail.retire();
        file.retire();
        // Where the files are now: a deleted partition's directory was renamed (DiskLog.onDirectoryMoved), and a
        // topic created again under the old name has its own files at the old path.
        Path at = file.path().getParent();
        if (!deleted) {
            deleteFiles(at, baseOffset);
            return;
        }
        Files.deleteIfExists(file.path());
        for (String suffix : new String[]{INDEX_SUFFIX, TIME_INDEX_SUFFIX}) {
            Files.deleteIfExists(at.resolve(fileName(baseOffset, suffix + DELETED_SUFFIX)));
        }
    }

    /** Removes every file of the segment at {@code baseOffset}, renamed for deletion or not. */
    static void deleteFiles(Path dir, long baseOffset) throws IOException {
        for (String suffix : new String[]{LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX}) {
            Files.deleteIfExists(dir.resolve(fileName(baseOffset, suffix + DELETED_SUFFIX)));
            Files.deleteIfExists(dir.resolve(fileName(baseOffset, suffix)));
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    long createdMs() {
        return createdMs;
    }

    int sizeInBytes() {
        return file.sizeInBytes();
    }

    /** What a reader does with the segment's records while its lease keeps them open. */
    @FunctionalInterface
    interface RecordsUse<T> {
        T apply(FileRecords records) throws IOException;
    }

    /**
     * Runs {@code use} on the segment's records under a lease: open (reopened first if the budget had closed them)
     * until it returns.
     *
     * @throws java.nio.channels.ClosedChannelException when the segment was closed or its files deleted
     */
    <T> T withRecords(RecordsUse<T> use) throws IOException {
        FileRecords records = file.acquire();
        try {
            return use.apply(records);
        } finally {
            file.release();
        }
    }

    SegmentFile file() {
        return file;
    }

    ZeroTail zeroTail() {
        return zeroTail;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", next=" + nextOffset + ", bytes=" + file.sizeInBytes() + ")";
    }
}
