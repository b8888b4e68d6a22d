package io.freshet.storage.log;

import io.freshet.storage.file.FileSystemJournal;
import io.freshet.storage.file.StorageIo;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import java.util.Objects;

/**
 * The settings of a {@link LogStore} as a whole (per-partition settings are {@link LogConfig}). Immutable: start
 * from {@link #defaults()} and change what differs with the {@code with...} methods, which validate their value.
 */
public final class LogStoreConfig {

    /** Kafka's default {@code log.retention.check.interval.ms}. */
    public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 300_000L;
    /** Kafka's default {@code log.cleaner.backoff.ms}. */
    public static final long DEFAULT_CLEANER_BACKOFF_MS = 15_000L;
    /**
     * {@code log.dir.min.free.bytes}: 64 MiB, room for the coordinators to go on committing offsets and completing
     * transactions (a checkpoint of their state is tens of MiB at most), for rolling segments and for writing
     * indexes and snapshots once producers are refused. Small next to any real disk.
     */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    /**
     * {@code log.zero.fill.ahead.bytes} of a store opened without a broker's settings (see
     * {@link #withZeroFillAheadBytes}); a broker takes {@link #defaultZeroFillAheadBytes} for its data directory.
     */
    public static final int DEFAULT_ZERO_FILL_AHEAD_BYTES = 0;
    /** The zeros kept ahead on a journaled file system: 4 MiB, what was measured (bench/run.sh --ab). */
    public static final int JOURNALED_ZERO_FILL_AHEAD_BYTES = 4 * 1024 * 1024;
    static final int MAX_ZERO_FILL_AHEAD_BYTES = 1 << 30;

    /**
     * {@code log.flush.threads}: fsync blocks without using CPU, so a few more threads than cores keep several
     * partitions' fsyncs in flight.
     */
    public static final int DEFAULT_FLUSH_THREADS =
        Math.min(16, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    /**
     * {@code log.segment.open.files.max} (Freshet's key): half of the process's open-file limit, leaving the other
     * half to sockets, index and state files being written, and the JVM; unlimited where the limit is unknown.
     */
    public static final int DEFAULT_OPEN_SEGMENT_FILES_MAX = defaultOpenSegmentFilesMax();

    private static final LogStoreConfig DEFAULTS = new LogStoreConfig(DEFAULT_RETENTION_CHECK_INTERVAL_MS,
        DEFAULT_CLEANER_BACKOFF_MS, DEFAULT_MIN_FREE_BYTES, StorageIo.SYSTEM, FlushObserver.NONE,
        DEFAULT_ZERO_FILL_AHEAD_BYTES, DEFAULT_FLUSH_THREADS, DEFAULT_OPEN_SEGMENT_FILES_MAX);

    private final long retentionCheckIntervalMs;
    private final long cleanerBackoffMs;
    private final long minFreeBytes;
    private final StorageIo io;
    private final FlushObserver flushObserver;
    private final int zeroFillAheadBytes;
    private final int flushThreads;
    private final int openSegmentFilesMax;

    private LogStoreConfig(long retentionCheckIntervalMs, long cleanerBackoffMs, long minFreeBytes, StorageIo io,
                           FlushObserver flushObserver, int zeroFillAheadBytes, int flushThreads,
                           int openSegmentFilesMax) {
        this.retentionCheckIntervalMs = retentionCheckIntervalMs;
        this.cleanerBackoffMs = cleanerBackoffMs;
        this.minFreeBytes = minFreeBytes;
        this.io = io;
        this.flushObserver = flushObserver;
        this.zeroFillAheadBytes = zeroFillAheadBytes;
        this.flushThreads = flushThreads;
        this.openSegmentFilesMax = openSegmentFilesMax;
    }

    public static LogStoreConfig defaults() {
        return DEFAULTS;
    }

    /** {@code log.retention.check.interval.ms}: how often retention runs; at least 1. */
    public LogStoreConfig withRetentionCheckIntervalMs(long ms) {
        require(ms >= 1, "log.retention.check.interval.ms", ms);
        return new LogStoreConfig(ms, cleanerBackoffMs, minFreeBytes, io, flushObserver,
            zeroFillAheadBytes, flushThreads, openSegmentFilesMax);
    }

    /**
     * {@code log.cleaner.backoff.ms}: pause between passes of the log cleaner; 0 runs no cleaner thread
     * ({@code log.cleaner.enable=false}, or tests that call {@link LogStore#cleanLogs}).
     */
    public LogStoreConfig withCleanerBackoffMs(long ms) {
        require(ms >= 0, "log.cleaner.backoff.ms", ms);
        return new LogStoreConfig(retentionCheckIntervalMs, ms, minFreeBytes, io, flushObserver,
            zeroFillAheadBytes, flushThreads, openSegmentFilesMax);
    }

    /** {@code log.dir.min.free.bytes}: client appends are refused rather than leave less free space than this. */
    public LogStoreConfig withMinFreeBytes(long bytes) {
        require(bytes >= 0, "log.dir.min.free.bytes", bytes);
        return new LogStoreConfig(retentionCheckIntervalMs, cleanerBackoffMs, bytes, io, flushObserver,
            zeroFillAheadBytes, flushThreads, openSegmentFilesMax);
    }

    /** Where file operations go: {@link StorageIo#SYSTEM}, or a fault-injecting one in tests. */
    public LogStoreConfig withStorageIo(StorageIo storageIo) {
        return new LogStoreConfig(retentionCheckIntervalMs, cleanerBackoffMs, minFreeBytes,
            Objects.requireNonNull(storageIo, "storageIo"), flushObserver,
            zeroFillAheadBytes, flushThreads, openSegmentFilesMax);
    }

    /** Who is told of each fsync (the metrics' flush time and group-commit batch size); {@link FlushObserver#NONE}. */
    public LogStoreConfig withFlushObserver(FlushObserver observer) {
        return new LogStoreConfig(retentionCheckIntervalMs, cleanerBackoffMs, minFreeBytes, io,
            Objects.requireNonNull(observer, "observer"), zeroFillAheadBytes, flushThreads, openSegmentFilesMax);
    }

    /**
     * {@code log.zero.fill.ahead.bytes} (Freshet's key): how far ahead of the data the active segment of a partition
     * that is being fsynced is kept written with zeros, so that an fdatasync after an append does not commit the
     * filesystem's journal for the file's growth ({@link ZeroFiller}); 0 (the default) turns it off. At most 1 GiB.
     */
    public LogStoreConfig withZeroFillAheadBytes(long bytes) {
        require(bytes >= 0 && bytes <= MAX_ZERO_FILL_AHEAD_BYTES, "log.zero.fill.ahead.bytes", bytes);
        return new LogStoreConfig(retentionCheckIntervalMs, cleanerBackoffMs, minFreeBytes, io, flushObserver,
            (int) bytes, flushThreads, openSegmentFilesMax);
    }

    /**
     * The default of {@code log.zero.fill.ahead.bytes} for a data directory: 4 MiB on a file system that journals
     * (where it saves the journal commit of each growing fdatasync), 0 elsewhere (where zeros are only extra writes).
     */
    public static int defaultZeroFillAheadBytes(Path dataDir) {
        return FileSystemJournal.journaled(dataDir) ? JOURNALED_ZERO_FILL_AHEAD_BYTES : 0;
    }

    /** {@code log.flush.threads}: how many fsyncs of different partitions may be in flight at once; 1-256. */
    public LogStoreConfig withFlushThreads(int threads) {
        require(threads >= 1 && threads <= 256, "log.flush.threads", threads);
        return new LogStoreConfig(retentionCheckIntervalMs, cleanerBackoffMs, minFreeBytes, io, flushObserver,
            zeroFillAheadBytes, threads, openSegmentFilesMax);
    }

    /**
     * {@code log.segment.open.files.max} (Freshet's key): how many segment files may have an open channel at once;
     * past it the least recently used one that holds exactly its fsynced data is closed, and reopened on its next
     * read or append ({@link OpenSegments}). At least 1.
     */
    public LogStoreConfig withOpenSegmentFilesMax(long files) {
        require(files >= 1 && files <= Integer.MAX_VALUE, "log.segment.open.files.max", files);
        return new LogStoreConfig(retentionCheckIntervalMs, cleanerBackoffMs, minFreeBytes, io, flushObserver,
            zeroFillAheadBytes, flushThreads, (int) files);
    }

    public int openSegmentFilesMax() {
        return openSegmentFilesMax;
    }

    /** Half of the process's file-descriptor limit ({@code ulimit -n}), or unlimited where the JVM cannot tell. */
    static int defaultOpenSegmentFilesMax() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            if (limit > 1) {
                return (int) Math.min(Integer.MAX_VALUE, limit / 2);
            }
        }
        return Integer.MAX_VALUE;
    }

    public int flushThreads() {
        return flushThreads;
    }

    public int zeroFillAheadBytes() {
        return zeroFillAheadBytes;
    }


    FlushObserver flushObserver() {
        return flushObserver;
    }

    private static void require(boolean valid, String key, long value) {
        if (!valid) {
            throw new IllegalArgumentException(key + ": " + value + " is out of range");
        }
    }

    public long retentionCheckIntervalMs() {
        return retentionCheckIntervalMs;
    }

    public long cleanerBackoffMs() {
        return cleanerBackoffMs;
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    public StorageIo io() {
        return io;
    }

    @Override
    public String toString() {
        return "LogStoreConfig{retentionCheckIntervalMs=" + retentionCheckIntervalMs + ", cleanerBackoffMs="
            + cleanerBackoffMs + ", minFreeBytes=" + minFreeBytes + ", io=" + io
            + ", zeroFillAheadBytes=" + zeroFillAheadBytes + ", openSegmentFilesMax=" + openSegmentFilesMax + "}";
    }
}
