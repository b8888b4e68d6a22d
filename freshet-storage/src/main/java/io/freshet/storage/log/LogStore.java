package io.freshet.storage.log;

import io.freshet.storage.file.DiskFull;
import io.freshet.storage.file.StorageIo;
import io.freshet.storage.producer.ProducerIdAllocator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every partition log under one data directory, laid out as Kafka lays out a log dir: one directory per
 * partition, named {@code <topic>-<partition>}. A partition is a {@link DiskLog} or, for a topic with
 * {@code freshet.storage=memory}, a {@link MemoryLog}, whose directory holds only its offset ceiling.
 *
 * <p>A clean shutdown leaves the file {@value #CLEAN_SHUTDOWN_FILE}; finding it at start-up means every segment
 * was fsynced and indexed, so no scan is needed. Without it, the last segment of each partition is scanned.
 *
 * <p>Threading: the map of logs is concurrent; creating and deleting logs is serialised by this object's monitor.
 * It owns these threads: the {@link GroupCommitFlusher}, a scheduler for retention, deferred file deletion and the
 * free-space refresh ({@link DiskSpace}), the {@link LogCleaner} for compacted logs, and with
 * {@code log.zero.fill.ahead.bytes} the {@link ZeroFiller}.
 *
 * <p>Disk trouble: a full disk refuses writes (client appends already when they would use the reserve
 * {@code log.dir.min.free.bytes}) and everything resumes once space is freed; a failing disk fails only the
 * partitions whose writes or fsyncs failed (see {@link PartitionLog}), and {@link #close()} then leaves no
 * clean-shutdown marker, so the next start recovers them as after a crash. Every file operation goes through the
 * {@link StorageIo} of the {@link LogStoreConfig}.
 */
public final class LogStore implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LogStore.class);
    public static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
    private static final Pattern PARTITION_DIR = Pattern.compile("^(.+)-(\\d+)$");
    private static final String DELETE_SUFFIX = ".delete";

    private final Path dataDir;
    private final Time time;
    private final StorageIo io;
    private final DiskSpace diskSpace;
    private final StoreServices services;
    private final boolean cleanShutdown;
    private final ConcurrentHashMap<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    /** The disk logs among {@link #logs}: what the flusher and the cleaner work on. */
    private final ConcurrentHashMap<TopicPartition, DiskLog> diskLogs = new ConcurrentHashMap<>();
    private final Set<TopicPartition> onDisk;
    private final GroupCommitFlusher flusher;
    private final ZeroFiller zeroFiller;
    private final OpenSegments openSegments;
    private final ScheduledExecutorService scheduler;
    private final SegmentDeleter deleter;
    private final ProducerIdAllocator producerIds;
    private final LogCleaner cleaner;
    private volatile boolean closed;
    /** Opens and closes partitions side by side ({@link #openLogs}, {@link #close}); its threads end when idle. */
    private final ThreadPoolExecutor partitionIo;
    /** Partitions opened or closed at once: disk-bound work, so more threads than cores. */
    static final int PARALLEL_PARTITION_IO = 8;

    private LogStore(Path dataDir, AppendListener listener, Time time, LogStoreConfig config, DiskSpace diskSpace,
                     boolean cleanShutdown, Set<TopicPartition> onDisk, ProducerIdAllocator producerIds) {
        this.dataDir = dataDir;
        this.time = time;
        this.io = config.io();
        this.diskSpace = diskSpace;
        this.cleanShutdown = cleanShutdown;
        this.onDisk = onDisk;
        this.producerIds = producerIds;
        this.flusher = new GroupCommitFlusher(time, config.flushObserver(), config.flushThreads());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "freshet-log-scheduler");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger ioThreads = new AtomicInteger();
        this.partitionIo = new ThreadPoolExecutor(PARALLEL_PARTITION_IO, PARALLEL_PARTITION_IO, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "freshet-partition-io-" + ioThreads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        partitionIo.allowCoreThreadTimeOut(true);
        this.deleter = new SegmentDeleter(scheduler);
        this.zeroFiller = new ZeroFiller(config.zeroFillAheadBytes(), diskSpace, time);
        this.openSegments = new OpenSegments(config.openSegmentFilesMax());
        this.services = new StoreServices(time, listener, flusher, deleter, diskSpace, io, scheduler, zeroFiller,
            new SegmentIo(io, openSegments));
        flusher.start();
        this.cleaner = new LogCleaner(diskLogs::values, time, config.cleanerBackoffMs());
        scheduler.scheduleWithFixedDelay(this::enforceRetention, config.retentionCheckIntervalMs(),
            config.retentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(diskSpace::refresh, DiskSpace.PERIODIC_REFRESH_MS,
            DiskSpace.PERIODIC_REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** With {@link LogStoreConfig#defaults()}. */
    public static LogStore open(Path dataDir, AppendListener listener, Time time) throws IOException {
        return open(dataDir, listener, time, LogStoreConfig.defaults());
    }

    /** Kafka's default {@code log.cleaner.backoff.ms}. */
    public static final long DEFAULT_CLEANER_BACKOFF_MS = LogStoreConfig.DEFAULT_CLEANER_BACKOFF_MS;

    public static LogStore open(Path dataDir, AppendListener listener, Time time, long retentionCheckIntervalMs)
        throws IOException {
        return open(dataDir, listener, time,
            LogStoreConfig.defaults().withRetentionCheckIntervalMs(retentionCheckIntervalMs));
    }

    /**
     * @param cleanerBackoffMs {@code log.cleaner.backoff.ms}: pause between passes of the log cleaner; 0 runs no
     *                         cleaner thread ({@code log.cleaner.enable=false}, or tests that call {@link #cleanLogs})
     */
    public static LogStore open(Path dataDir, AppendListener listener, Time time, long retentionCheckIntervalMs,
                                long cleanerBackoffMs) throws IOException {
        return open(dataDir, listener, time, LogStoreConfig.defaults()
            .withRetentionCheckIntervalMs(retentionCheckIntervalMs).withCleanerBackoffMs(cleanerBackoffMs));
    }

    /** Opens (or creates) the store of {@code dataDir}; each partition is recovered by {@link #openLog}. */
    public static LogStore open(Path dataDir, AppendListener listener, Time time, LogStoreConfig config)
        throws IOException {
        StorageIo io = config.io();
        Files.createDirectories(dataDir);
        Path marker = dataDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.deleteIfExists(marker);
        if (clean) {
            io.fsyncDirectory(dataDir);
        }
        Set<TopicPartition> onDisk = new HashSet<>();
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (name.endsWith(DELETE_SUFFIX)) {
                    deleteTree(dir);
                    continue;
                }
                Matcher m = PARTITION_DIR.matcher(name);
                if (m.matches()) {
                    onDisk.add(new TopicPartition(m.group(1), Integer.parseInt(m.group(2))));
                }
            }
        }
        if (clean || onDisk.isEmpty()) {
            log.debug("Opening log store {}: {} partition directories", dataDir, onDisk.size());
        } else {
            log.warn("Log store {} was not shut down cleanly: recovering the last segment of {} partitions", dataDir,
                onDisk.size());
        }
        DiskSpace diskSpace = new DiskSpace(dataDir, io.fileStore(dataDir), config.minFreeBytes(), time);
        return new LogStore(dataDir, listener, time, config, diskSpace, clean, onDisk,
            ProducerIdAllocator.open(io, dataDir));
    }

    /** Partitions found on disk at open, whether or not they have been attached with {@link #openLog} yet. */
    public Set<TopicPartition> partitionsOnDisk() {
        return Set.copyOf(onDisk);
    }

    /**
     * Attaches an existing partition directory (recovering it) or creates a new one; a memory partition
     * ({@link LogConfig#inMemory()}) starts empty at its offset ceiling.
     */
    public synchronized PartitionLog openLog(TopicPartition tp, LogConfig config) {
        PartitionLog existing = logs.get(tp);
        return existing != null ? existing : openLogs(Map.of(tp, config)).get(tp);
    }

    /**
     * Attaches or creates many logs at once (start-up, the partitions of a new topic; {@link #openLog} is the case of
     * one), each as {@link #openLog} describes.
     * The per-partition work (directory, recovery, index and producer-state files, fsyncs) runs on up to
     * {@value #PARALLEL_PARTITION_IO} threads, since it waits on the disk far more than it computes and concurrent
     * fsyncs share the file system's journal commits; the data directory is fsynced once for every partition
     * directory created, before this returns. On failure (the first partition's error is thrown) the partitions
     * that did open stay open, as a sequence of {@link #openLog} calls would leave them.
     */
    public synchronized Map<TopicPartition, PartitionLog> openLogs(Map<TopicPartition, LogConfig> configs) {
        if (closed) {
            throw new KafkaStorageException("The log store is closed");
        }
        Map<TopicPartition, PartitionLog> opened = new LinkedHashMap<>();
        Map<TopicPartition, Future<PartitionLog>> pending = new LinkedHashMap<>();
        boolean anyCreated = false;
        for (Map.Entry<TopicPartition, LogConfig> e : configs.entrySet()) {
            TopicPartition tp = e.getKey();
            PartitionLog existing = logs.get(tp);
            if (existing != null) {
                opened.put(tp, existing);
                continue;
            }
            Path dir = dataDir.resolve(tp.topic() + "-" + tp.partition());
            boolean created = !Files.exists(dir);
            anyCreated |= created;
            LogConfig config = e.getValue();
            pending.put(tp, partitionIo.submit(() -> config.inMemory() ? MemoryLog.open(tp, dir, config, services)
                : new DiskLog(tp, dir, config, services,
                    LogLoader.load(services.segmentIo(), tp, dir, config, cleanShutdown || created,
                        time.milliseconds()))));
        }
        RuntimeException failure = null;
        for (Map.Entry<TopicPartition, Future<PartitionLog>> e : pending.entrySet()) {
            TopicPartition tp = e.getKey();
            try {
                PartitionLog partitionLog = e.getValue().get();
                logs.put(tp, partitionLog);
                if (partitionLog instanceof DiskLog diskLog) {
                    diskLogs.put(tp, diskLog);
                }
                onDisk.add(tp);
                opened.put(tp, partitionLog);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new KafkaStorageException("Interrupted opening " + tp);
            } catch (ExecutionException ee) {
                if (failure == null) {
                    failure = openFailure(tp, ee.getCause());
                }
            }
        }
        if (anyCreated) {
            try {
                io.fsyncDirectory(dataDir);
            } catch (IOException e) {
                failure = failure != null ? failure : openFailure(configs.keySet().iterator().next(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return opened;
    }

    private RuntimeException openFailure(TopicPartition tp, Throwable cause) {
        if (cause instanceof IOException e) {
            if (DiskFull.isDiskFull(e)) {
                return diskSpace.onDiskFull("create or open the log of " + tp, e);
            }
            return new KafkaStorageException("Cannot open the log of " + tp + " in "
                + dataDir.resolve(tp.topic() + "-" + tp.partition()) + ": " + e.getMessage(), e);
        }
        return cause instanceof RuntimeException e ? e : new KafkaStorageException("Cannot open the log of " + tp, cause);
    }

    /** Same as {@link #openLog}: creating a log that exists returns it. */
    public PartitionLog createLog(TopicPartition tp, LogConfig config) {
        return openLog(tp, config);
    }

    public Optional<PartitionLog> log(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> logs() {
        return logs.values();
    }

    /**
     * Removes a partition: at once for readers and writers, durably by renaming its directory (a restart finishes
     * the deletion), and its files in the background.
     */
    public synchronized void deleteLog(TopicPartition tp) {
        PartitionLog partitionLog = logs.remove(tp);
        DiskLog removed = diskLogs.remove(tp);
        if (removed != null) {
            flusher.forget(removed);
        }
        onDisk.remove(tp);
        Path dir = dataDir.resolve(tp.topic() + "-" + tp.partition());
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = dataDir.resolve(dir.getFileName() + "." + System.nanoTime() + DELETE_SUFFIX);
        try {
            io.move(dir, doomed);
            if (partitionLog instanceof DiskLog diskLog) {
                diskLog.onDirectoryMoved(doomed);
            }
            io.fsyncDirectory(dataDir);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot delete the log of " + tp + ": " + e.getMessage(), e);
        }
        long delay = partitionLog == null ? 0 : partitionLog.config().fileDeleteDelayMs();
        Runnable removeFiles = () -> {
            if (partitionLog != null) {
                partitionLog.closeAndDeleteFiles();
            }
            deleteTree(doomed);
        };
        try {
            scheduler.schedule(removeFiles, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            removeFiles.run();
        }
    }

    public ProducerIdAllocator producerIds() {
        return producerIds;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file-operation seam every log of this store uses (also for the broker's own small files). */
    /** Segment files with an open channel now (at most {@code log.segment.open.files.max} when they may be closed). */
    public int openSegmentFiles() {
        return openSegments.openFiles();
    }

    public StorageIo io() {
        return io;
    }

    /**
     * Usable bytes of the data directory's filesystem, as last read (at most about half a second ago) less what was
     * appended since.
     */
    public long usableBytes() {
        return diskSpace.usableBytes();
    }

    /** Size of the data directory's filesystem in bytes; -1 if it could not be read. */
    public long totalBytes() {
        return diskSpace.totalBytes();
    }

    /** {@code log.dir.min.free.bytes}: free space client appends may not use. */
    public long minFreeBytes() {
        return diskSpace.reserve();
    }

    /** Writes refused for lack of space since start: client appends by the reserve, any write by a full disk. */
    public long refusedWriteCount() {
        return diskSpace.refusedWrites();
    }

    /**
     * For the broker's own files in the data directory (the topic catalog): a write that a full disk refused is
     * counted and logged with the others (once, not per request), and answered with the returned exception.
     */
    public KafkaStorageException refusedByFullDisk(String what, IOException error) {
        return diskSpace.onDiskFull(what, error);
    }

    /** Partitions whose storage failed: writes refused until a restart. */
    public Set<TopicPartition> failedPartitions() {
        Set<TopicPartition> failed = new HashSet<>();
        logs.forEach((tp, partitionLog) -> {
            if (partitionLog.hasStorageFailed()) {
                failed.add(tp);
            }
        });
        return failed;
    }

    /** Re-reads the free space now (the scheduler does it every half second). */
    public void refreshDiskSpace() {
        diskSpace.refresh();
    }

    /** Runs retention on every log now; the scheduler also does this every retention check interval. */
    public int enforceRetention() {
        int removed = 0;
        long now = time.milliseconds();
        for (PartitionLog partitionLog : logs.values()) {
            try {
                removed += partitionLog.enforceRetention(now);
            } catch (RuntimeException e) {
                log.error("Retention of {} failed", partitionLog.topicPartition(), e);
            }
        }
        return removed;
    }

    /** Runs one pass of the log cleaner now, on the calling thread; returns how many logs were cleaned. */
    public int cleanLogs() {
        return cleaner.cleanAll();
    }

    /**
     * Clean shutdown: waiters released, every log fsynced and indexed, then the clean-shutdown marker. No marker
     * when a partition's storage failed (or the marker cannot be written): the next start recovers as after a crash.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        cleaner.close();
        flusher.close();
        zeroFiller.close(); // after the flusher, whose last flushes may queue fills; before any log closes
        scheduler.shutdownNow();
        // Each log's close waits on fsyncs (its segment, its index and producer-state files): run them side by
        // side, so that N partitions cost about N / PARALLEL_PARTITION_IO rounds of fsyncs, not N.
        List<Future<Boolean>> closing = new ArrayList<>();
        for (PartitionLog partitionLog : logs.values()) {
            closing.add(partitionIo.submit(() -> {
                try {
                    partitionLog.close();
                    return !partitionLog.hasStorageFailed();
                } catch (IOException | RuntimeException e) {
                    log.error("Closing {} failed; the next start will recover it", partitionLog.topicPartition(), e);
                    return false;
                }
            }));
        }
        boolean allClean = true;
        for (Future<Boolean> done : closing) {
            try {
                allClean &= done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                allClean = false;
            } catch (ExecutionException e) {
                allClean = false;
            }
        }
        partitionIo.shutdown();
        if (allClean) {
            allClean = writeCleanShutdownMarker();
        }
        log.info("Log store {} closed {}", dataDir, allClean ? "cleanly" : "with errors");
    }

    private boolean writeCleanShutdownMarker() {
        try {
            io.open(dataDir.resolve(CLEAN_SHUTDOWN_FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                .close();
            io.fsyncDirectory(dataDir);
            return true;
        } catch (IOException e) {
            log.warn("Cannot write the clean-shutdown marker of {} ({}); the next start will recover every "
                + "partition as after a crash", dataDir, e.toString());
            try {
                Files.deleteIfExists(dataDir.resolve(CLEAN_SHUTDOWN_FILE));
            } catch (IOException ignored) {
                // the next start deletes it anyway
            }
            return false;
        }
    }

    /**
     * Stops the store's threads without flushing, indexing or closing anything and without the clean-shutdown
     * marker: what a crash leaves behind. Used by crash-recovery tests; the store is unusable afterwards.
     */
    public synchronized void halt() {
        closed = true;
        cleaner.close();
        flusher.close();
        zeroFiller.close(); // after the flusher, whose last flushes may queue fills; before any log closes
        scheduler.shutdownNow();
        partitionIo.shutdownNow();
        try {
            // A crashed process runs nothing more: no task of this store may write after the next one opens.
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
