package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Puts a cleaned segment in the place of the segments it was made from, so that a crash at any point leaves
 * either the old segments or the new one, never a mix and never a missing range:
 * <ol>
 *   <li>(before this class) the cleaned data is in {@code <base>.log.cleaned}, fsynced. A restart deletes it;</li>
 *   <li>rename it to {@code <base>.log.swap}, fsync the directory: the commit point. A restart that finds a
 *       {@code .swap} file deletes every segment whose base offset lies in its offset range and renames it to
 *       {@code <base>.log} ({@link LogLoader});</li>
 *   <li>swap the entries of the segment map (under the partition's writer lock, nothing else under it);</li>
 *   <li>rename the old segments' files to {@code *.deleted} (readers that hold them read on; they are removed
 *       {@code file.delete.delay.ms} later, or at the next start);</li>
 *   <li>rename {@code .swap} to {@code <base>.log}, fsync the directory, write the new indexes.</li>
 * </ol>
 * A failed rename in step 2 deletes the cleaned file (under either name) and changes nothing: the old segments
 * stand, and the cleaner tries again at its next pass. Any failure after that rename (the directory fsync
 * included) is a storage failure of the partition ({@link DiskLog#failStorage}): only a restart can finish the
 * swap from what is on disk. New index files that a full disk refuses are only logged: the next start rebuilds them.
 */
final class SegmentSwap {

    /** Points of the protocol a test can stop at, as a kill -9 would. */
    enum Step { SWAP_FILE_DURABLE, OLD_SEGMENTS_RENAMED, SWAPPED }

    /** Called after each step; a test hook throws to simulate a crash there. */
    interface StepListener {
        StepListener NONE = step -> { };

        void after(Step step) throws IOException;
    }

    private SegmentSwap() {
    }

    /**
     * @throws IOException when the rename to {@code .swap} failed: nothing changed
     * @throws org.apache.kafka.common.errors.KafkaStorageException when a later step failed: the log has failed
     */
    static LogSegment swapIn(DiskLog log, List<LogSegment> replaced, Path cleanedFile, StepListener steps)
        throws IOException {
        Path dir = log.dir();
        StorageIo io = log.io();
        LogSegment first = replaced.get(0);
        Path swap = dir.resolve(LogSegment.fileName(first.baseOffset(), LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX));
        try {
            io.move(cleanedFile, swap, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(cleanedFile, e);
            deleteQuietly(swap, e); // a rename that failed with EIO may have happened
            throw e;
        }
        try {
            return finish(log, replaced, swap, steps);
        } catch (IOException e) {
            throw log.failStorage("the log cleaner's swap of segment " + first.baseOffset(), e);
        }
    }

    private static LogSegment finish(DiskLog log, List<LogSegment> replaced, Path swap, StepListener steps)
        throws IOException {
        Path dir = log.dir();
        StorageIo io = log.io();
        LogSegment first = replaced.get(0);
        LogSegment last = replaced.get(replaced.size() - 1);
        io.fsyncDirectory(dir);
        steps.after(Step.SWAP_FILE_DURABLE);

        LogSegment cleaned = LogSegment.openCleaned(log.segmentIo(), dir, first.baseOffset(), swap,
            last.createdMs());
        SegmentRecovery.Result scan = SegmentRecovery.recover(cleaned, log.config().indexIntervalBytes());
        if (scan.truncatedBytes() > 0 || scan.nextOffset() != last.nextOffset()) {
            cleaned.close();
            throw new IOException("Cleaned segment " + swap + " ends at " + scan.nextOffset() + " instead of "
                + last.nextOffset() + " or has " + scan.truncatedBytes() + " invalid bytes");
        }
        cleaned.markSealed();
        cleaned.markSynced(); // the .swap file was fsynced whole before it was renamed to that name
        if (!log.replaceSegments(replaced, cleaned)) {
            cleaned.close();
            throw new IOException("The segments of " + log.topicPartition() + " changed during cleaning");
        }
        for (LogSegment old : replaced) {
            old.markDeleted();
        }
        steps.after(Step.OLD_SEGMENTS_RENAMED);

        cleaned.renameToLogFile();
        io.fsyncDirectory(dir);
        writeIndexes(log, cleaned);
        for (LogSegment old : replaced) {
            log.deleter().deleteLater(log, old);
        }
        steps.after(Step.SWAPPED);
        return cleaned;
    }

    private static void writeIndexes(DiskLog log, LogSegment cleaned) throws IOException {
        try {
            cleaned.writeIndexes();
        } catch (IOException e) {
            if (!log.diskSpace().isDiskFull(e, 0)) {
                throw e;
            }
            log.diskSpace().onDiskFull("write the index files of cleaned segment " + cleaned.baseOffset() + " of "
                + log.topicPartition() + " (they are rebuilt at the next start)", e);
        }
    }

    private static void deleteQuietly(Path file, IOException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
