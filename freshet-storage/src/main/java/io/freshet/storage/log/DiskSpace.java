package io.freshet.storage.log;

import io.freshet.storage.file.DiskFull;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The free space of the data directory's filesystem, and the reserve ({@code log.dir.min.free.bytes}) that client
 * appends may not use: a producer is refused (KAFKA_STORAGE_ERROR, retriable) before its data takes the last
 * bytes, so that the broker's own state (committed offsets, transaction state and markers, topic metadata,
 * segment rolls, indexes, snapshots) can still be written. Also where every write refused for lack of space is
 * counted and logged: one WARN when refusing starts, a reminder at most once a minute while it lasts, one INFO
 * when client writes succeed again.
 *
 * <p>Design note: a statfs per append would put a system call on the hot path. Instead this keeps an estimate of
 * the usable bytes, lowered by each append; it is refreshed from {@link FileStore#getUsableSpace()} when an append
 * would bring it near the reserve (at most every {@value #REFRESH_MIN_INTERVAL_MS} ms) and every
 * {@value #PERIODIC_REFRESH_MS} ms by the store's scheduler, so space freed by retention, DeleteRecords or the
 * operator is noticed within a second. The estimate can be wrong either way (other processes write too); a write
 * that meets a truly full disk fails with ENOSPC and is refused the same way.
 *
 * <p>Threading: any thread. The estimate and counter are atomics; the refusing state and its logging are guarded by
 * this object's monitor, taken only when a write is refused or resumes.
 */
final class DiskSpace {

    private static final Logger log = LoggerFactory.getLogger(DiskSpace.class);
    static final long REFRESH_MIN_INTERVAL_MS = 100;
    static final long PERIODIC_REFRESH_MS = 500;
    /** Within this of the reserve, the estimate is refreshed before an append is admitted. */
    static final long NEAR_RESERVE_BYTES = 64L * 1024 * 1024;
    static final long REMINDER_INTERVAL_MS = 60_000;

    private final Path dataDir;
    private final FileStore store;
    private final long reserve;
    private final Time time;
    private final AtomicLong estimate = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong refused = new AtomicLong();
    private volatile long totalBytes = -1;
    private volatile long refreshedMs;
    private volatile boolean refusing;
    // Guarded by this.
    private long episodeRefused;
    private boolean episodeWarned;
    private boolean everWarned;
    private long lastWarnMs;

    DiskSpace(Path dataDir, FileStore store, long reserve, Time time) {
        this.dataDir = dataDir;
        this.store = store;
        this.reserve = reserve;
        this.time = time;
        refresh();
    }

    /**
     * Admits an append of {@code bytes}, or refuses it when it is a client's and would leave less than the reserve.
     *
     * @throws KafkaStorageException when refused (counted and logged here)
     */
    void admit(TopicPartition tp, long bytes, AppendOrigin origin) {
        if (origin != AppendOrigin.CLIENT || estimate.get() - bytes - reserve >= NEAR_RESERVE_BYTES) {
            return;
        }
        if (time.milliseconds() - refreshedMs >= REFRESH_MIN_INTERVAL_MS) {
            refresh();
        }
        long usable = estimate.get();
        if (usable - bytes >= reserve) {
            return;
        }
        refused("a " + bytes + "-byte append to " + tp + " would leave less than the reserve");
        throw new KafkaStorageException("Not enough free space to append " + bytes + " bytes to " + tp + ": "
            + usable + " bytes usable in " + dataDir + ", and log.dir.min.free.bytes=" + reserve
            + " is kept for the broker's own state. Retriable: writes resume once space is freed");
    }

    /** An append succeeded: lowers the estimate; a client's write ends a refusing episode. */
    void onWritten(long bytes, AppendOrigin origin) {
        estimate.addAndGet(-bytes);
        if (origin == AppendOrigin.CLIENT && refusing) {
            resumed();
        }
    }

    /**
     * Is this failed write (or create, or rename) a full disk rather than a failing one? Yes when the kernel says
     * so, or when the filesystem has less usable space than the operation needed.
     */
    boolean isDiskFull(IOException error, long neededBytes) {
        if (DiskFull.isDiskFull(error)) {
            return true;
        }
        refresh();
        return estimate.get() < neededBytes;
    }

    /** A write refused by a full disk: counted, logged (once), and the exception for the caller. */
    KafkaStorageException onDiskFull(String what, IOException error) {
        refresh();
        refused(what + " failed: " + error.getMessage());
        return new KafkaStorageException("Disk full: could not " + what + " (" + estimate.get() + " bytes usable in "
            + dataDir + ": " + error.getMessage() + "); nothing was written. Retriable: writes resume once space "
            + "is freed", error);
    }

    /** Reads the filesystem's usable and total space now. */
    void refresh() {
        try {
            estimate.set(store.getUsableSpace());
            totalBytes = store.getTotalSpace();
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot read the free space of {}: {}", dataDir, e.toString());
        }
        refreshedMs = time.milliseconds();
    }

    private void refused(String why) {
        refused.incrementAndGet();
        synchronized (this) {
            long now = time.milliseconds();
            boolean warnDue = !everWarned || now - lastWarnMs >= REMINDER_INTERVAL_MS;
            if (!refusing) {
                refusing = true;
                episodeRefused = 1;
                episodeWarned = warnDue;
                if (warnDue) {
                    log.warn("Data directory {} is full ({}): {} bytes usable, reserve log.dir.min.free.bytes={}. "
                        + "Produce requests get KAFKA_STORAGE_ERROR (retriable); reads continue and the broker's own "
                        + "state uses the reserve. Free space (delete topics or records, lower retention.ms or "
                        + "retention.bytes) or grow the filesystem: writes resume without a restart", dataDir, why,
                        estimate.get(), reserve);
                }
            } else {
                episodeRefused++;
                if (warnDue) {
                    episodeWarned = true;
                    log.warn("Data directory {} is still full: {} bytes usable, reserve {}; {} writes refused so far "
                        + "({})", dataDir, estimate.get(), reserve, episodeRefused, why);
                }
            }
            if (warnDue) {
                everWarned = true;
                lastWarnMs = now;
            }
        }
    }

    private synchronized void resumed() {
        if (!refusing) {
            return;
        }
        refusing = false;
        if (episodeWarned) {
            log.info("Data directory {} has room again ({} bytes usable): writes resumed after {} were refused",
                dataDir, estimate.get(), episodeRefused);
        }
    }

    /** Usable bytes as last read from the filesystem, less what was appended since. */
    long usableBytes() {
        return estimate.get();
    }

    /** The filesystem's size in bytes, -1 if unknown. */
    long totalBytes() {
        return totalBytes;
    }

    long reserve() {
        return reserve;
    }

    /** Writes refused for lack of space since start: by the reserve, or by the disk itself. */
    long refusedWrites() {
        return refused.get();
    }

    /** True from the first refused write until a client's write succeeds again. */
    boolean isRefusing() {
        return refusing;
    }
}
