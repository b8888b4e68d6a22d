package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Whether a partition's storage can still be trusted, in three steps that never go back before a restart:
 * healthy; writes fenced (a failed fsync or write: reads go on up to the last fsynced offset); offline (the log could
 * not even be cut back to that offset, or the partition was deleted: reads are refused too). Also the one place a
 * failed read is logged, at most once a minute, since a bad sector fails every fetch that touches it.
 *
 * <p>Threading: the failures are volatile, set by whoever hits the failure (under the partition's lock, see
 * {@link DiskLog#failStorage}) and read by every appender and reader without a lock.
 */
final class LogHealth {

    private static final Logger log = LoggerFactory.getLogger(LogHealth.class);
    static final long READ_ERROR_LOG_INTERVAL_MS = 60_000;

    private final TopicPartition topicPartition;
    private final Time time;
    private volatile KafkaStorageException writeFailure;
    private volatile KafkaStorageException readFailure;
    private volatile long lastReadErrorLogMs = Long.MIN_VALUE;

    LogHealth(TopicPartition topicPartition, Time time) {
        this.topicPartition = topicPartition;
        this.time = time;
    }

    /**
     * Fences writes after a storage failure during {@code what}. Returns false when they already were (the first
     * failure is the one that counts).
     */
    boolean fenceWrites(String what, IOException cause) {
        if (writeFailure != null) {
            return false;
        }
        writeFailure = new KafkaStorageException("The storage of " + topicPartition + " failed during " + what
            + " (" + cause.getMessage() + "); writes to it are refused until the broker is restarted", cause);
        return true;
    }

    /** Refuses reads too: the log could not be cut back to its last fsynced offset. */
    void takeOffline(String what, IOException cause) {
        readFailure = new KafkaStorageException(topicPartition + " is offline: its storage failed during " + what
            + " and its log could not be cut back to the last fsynced offset", cause);
    }

    /** The partition was deleted: nothing may touch its files any more. */
    void deleted() {
        KafkaStorageException deleted = new KafkaStorageException(topicPartition + " has been deleted");
        writeFailure = deleted;
        readFailure = deleted;
    }

    boolean writesFenced() {
        return writeFailure != null;
    }

    boolean isOffline() {
        return readFailure != null;
    }

    /** The error a write gets once writes are fenced. */
    KafkaStorageException writesRefused() {
        KafkaStorageException failed = writeFailure;
        return new KafkaStorageException(failed.getMessage(), failed.getCause());
    }

    void checkWritable() {
        if (writeFailure != null) {
            throw writesRefused();
        }
    }

    void checkReadable() {
        KafkaStorageException offline = readFailure;
        if (offline != null) {
            throw new KafkaStorageException(offline.getMessage(), offline.getCause());
        }
    }

    /**
     * A read that failed (EIO on a bad sector, say): this fetch gets KAFKA_STORAGE_ERROR, but the partition is not
     * failed for it, since nothing was written; other offsets are still served. Logged at most once a minute.
     */
    KafkaStorageException readFailed(long fetchOffset, IOException error) {
        long now = time.milliseconds();
        if (lastReadErrorLogMs == Long.MIN_VALUE || now - lastReadErrorLogMs >= READ_ERROR_LOG_INTERVAL_MS) {
            lastReadErrorLogMs = now;
            log.warn("Reading {} at offset {} failed: {}", topicPartition, fetchOffset, error.toString());
        }
        return new KafkaStorageException("I/O error reading " + topicPartition + " at offset " + fetchOffset + ": "
            + error.getMessage(), error);
    }
}
