package io.freshet.storage.log;

import io.freshet.storage.file.DiskFull;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One cleaning of one compacted log: select ({@link CleaningPlan}), build the key map over the dirty segments
 * ({@link KeyOffsetMap}), then for each group of consecutive cleanable segments write the retained records
 * ({@link SegmentRewriter}) and swap them in ({@link SegmentSwap}); finally move the cleaner checkpoint to the end
 * of the cleaned range. Runs on the cleaner thread, holding the log's maintenance lock (never its writer lock,
 * except inside {@link DiskLog#replaceSegments}).
 *
 * <p>Groups: consecutive segments are merged while their current sizes add up to at most {@code segment.bytes}
 * (and their offsets fit a segment), so that a log cleaned many times does not become many tiny files. *
 * <p>Disk trouble: a cleaned file that a full disk refuses is deleted and this pass skipped (the next one tries
 * again); any other error before the swap's commit point also deletes it and leaves the log as it was (the
 * cleaned file is not the log's data, so the partition is not failed for it); past the commit point the partition
 * fails ({@link SegmentSwap}).
 */
final class Compactor {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final Time time;
    private final SegmentSwap.StepListener steps;
    private final BooleanSupplier stopping;

    Compactor(Time time, SegmentSwap.StepListener steps, BooleanSupplier stopping) {
        this.time = time;
        this.steps = steps;
        this.stopping = stopping;
    }

    /** Cleans {@code partitionLog} if it is compacted and dirty enough; returns whether it did. */
    boolean clean(DiskLog partitionLog) throws IOException {
        LogConfig config = partitionLog.config();
        if (!config.compact() || partitionLog.hasStorageFailed()) {
            return false;
        }
        ReentrantLock maintenance = partitionLog.maintenanceLock();
        if (!maintenance.tryLock()) {
            return false; // retention or DeleteRecords at work: try again at the next pass
        }
        try {
            long now = time.milliseconds();
            Optional<CleaningPlan> selected = CleaningPlan.select(partitionLog.sealedSegments(),
                partitionLog.cleanerCheckpoint(), partitionLog.lastStableOffset(), config, now);
            if (selected.isEmpty()) {
                return false;
            }
            CleaningPlan plan = selected.get();
            BufferSupplier buffers = BufferSupplier.create();
            AbortedBatches aborted = new AbortedBatches(partitionLog.abortedTransactions(
                plan.segments().get(0).baseOffset(), plan.endOffset()));
            KeyOffsetMap map = KeyOffsetMap.build(plan.dirtySegments(), aborted,
                config.maxDecompressedMessageBytes(), buffers);
            long bytesBefore = 0;
            long bytesAfter = 0;
            for (List<LogSegment> group : groups(plan.segments(), config.segmentBytes())) {
                bytesBefore += group.stream().mapToLong(LogSegment::sizeInBytes).sum();
                LogSegment last = group.get(group.size() - 1);
                CompactionFilter filter = new CompactionFilter(now, config.deleteRetentionMs(), map, aborted,
                    last.nextOffset() - 1);
                Path cleanedFile = partitionLog.dir().resolve(LogSegment.fileName(group.get(0).baseOffset(),
                    LogSegment.LOG_SUFFIX + LogSegment.CLEANED_SUFFIX));
                LogSegment cleaned;
                try {
                    SegmentRewriter.rewrite(partitionLog.io(), group, cleanedFile, filter,
                        config.maxDecompressedMessageBytes(), buffers, stopping);
                    cleaned = SegmentSwap.swapIn(partitionLog, group, cleanedFile, steps);
                } catch (IOException e) {
                    // Before the swap's commit point: the old segments stand, the cleaned file is gone.
                    Files.deleteIfExists(cleanedFile);
                    // By the kernel's word only: a CRC failure or a stop request must not pass for a full disk.
                    if (DiskFull.isDiskFull(e)) {
                        partitionLog.diskSpace().onDiskFull("write a cleaned segment of "
                            + partitionLog.topicPartition() + " (the log cleaner tries again at its next pass)", e);
                        return false;
                    }
                    throw e;
                } catch (RuntimeException e) {
                    Files.deleteIfExists(cleanedFile);
                    throw e;
                }
                bytesAfter += cleaned.sizeInBytes();
            }
            writeCheckpoint(partitionLog, plan.endOffset());
            log.info("Cleaned {} up to offset {}: dirty ratio {}, {} keys, {} segment(s) of {} bytes now {} bytes",
                partitionLog.topicPartition(), plan.endOffset(), String.format("%.2f", plan.dirtyRatio()),
                map.size(), plan.segments().size(), bytesBefore, bytesAfter);
            return true;
        } finally {
            maintenance.unlock();
        }
    }

    /** A full disk only costs the checkpoint: the next pass finds the cleaned segments clean again, cheaply. */
    private static void writeCheckpoint(DiskLog partitionLog, long offset) throws IOException {
        try {
            partitionLog.writeCleanerCheckpoint(offset);
        } catch (IOException e) {
            if (!DiskFull.isDiskFull(e)) {
                throw e;
            }
            partitionLog.diskSpace().onDiskFull("write the cleaner checkpoint of " + partitionLog.topicPartition(), e);
        }
    }

    /** Consecutive segments whose sizes add up to at most {@code maxBytes}; each group has at least one. */
    static List<List<LogSegment>> groups(List<LogSegment> segments, int maxBytes) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long bytes = 0;
        for (LogSegment segment : segments) {
            boolean fits = bytes + segment.sizeInBytes() <= maxBytes
                && (current.isEmpty() || segment.nextOffset() - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE);
            if (!current.isEmpty() && !fits) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(segment);
            bytes += segment.sizeInBytes();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
