package io.freshet.storage.log;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the active segments of partitions that are being fsynced written with zeros ahead of their data
 * ({@code log.zero.fill.ahead.bytes}, 0: off), on a thread of its own, {@code freshet-zero-fill}, so that the
 * fdatasync of an acks=all append overwrites allocated, already-sized blocks and does not have to commit the
 * filesystem's journal for the file's growth (see {@link ZeroTail} for the file layout and the locking).
 *
 * <p>When: after each flush that made data durable ({@link DiskLog#flush}), a partition whose zeros ahead have
 * shrunk below half of {@code aheadBytes} is queued; this thread writes zeros up to {@code aheadBytes} past the
 * data end (never past {@code segment.bytes}, where the segment rolls), in {@link ZeroTail#CHUNK_BYTES} steps, then
 * fdatasyncs them. A writer that catches up with the zeros simply appends as without them, growing the file.
 *
 * <p>Cost: only partitions that are fsynced get zeros, and all partitions together hold at most
 * {@code 32 * aheadBytes} of zeros ahead of their data (the {@link #budgetBytes}): a broker with 10,000 partitions
 * pins no more disk than one with 32 busy ones; beyond that, partitions append as without zero-fill. Zeros of a
 * partition that stopped being written stay until its segment rolls, the broker stops or restarts. The zeros are
 * counted as written in {@link DiskSpace}'s estimate, and no zero is written when it would bring the usable space
 * near the reserve.
 *
 * <p>Failures: a zero write that fails (a full disk, or any other error) is skipped: nothing in the log changes,
 * and zero-filling pauses for {@value #PAUSE_AFTER_FAILURE_MS} ms. A failed fdatasync of the zeros is a storage
 * failure of the partition like any failed fsync ({@link DiskLog#failStorage}): it shares the file with the data,
 * and after a write-back error a later fsync may succeed without the lost pages (fsyncgate).
 */
final class ZeroFiller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZeroFiller.class);
    /** How many partitions' worth of {@code aheadBytes} may be zeros ahead of the data at once, broker-wide. */
    static final int BUDGET_PARTITIONS = 32;
    static final long PAUSE_AFTER_FAILURE_MS = 1_000;

    private final int aheadBytes;
    private final long budgetBytes;
    private final DiskSpace diskSpace;
    private final Time time;
    private final ExecutorService thread;
    /** Logs queued for a fill, each at most once. */
    private final Set<DiskLog> queued = ConcurrentHashMap.newKeySet();
    /** Tails that got zeros: what counts against the budget until they are retired. */
    private final Set<ZeroTail> filled = ConcurrentHashMap.newKeySet();
    private volatile long pausedUntilMs;
    private volatile boolean closed;

    ZeroFiller(int aheadBytes, DiskSpace diskSpace, Time time) {
        this.aheadBytes = aheadBytes;
        this.budgetBytes = (long) BUDGET_PARTITIONS * aheadBytes;
        this.diskSpace = diskSpace;
        this.time = time;
        this.thread = aheadBytes == 0 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "freshet-zero-fill");
            t.setDaemon(true);
            return t;
        });
    }

    /** After a flush of {@code partitionLog} that made data durable: queues a fill when its zeros run short. */
    void onFlushed(DiskLog partitionLog) {
        if (thread == null || closed || partitionLog.hasStorageFailed() || time.milliseconds() < pausedUntilMs) {
            return;
        }
        ZeroTail tail = partitionLog.activeSegment().zeroTail();
        if (tail.aheadBytes() >= aheadBytes / 2 || tail.filledTo() >= partitionLog.config.segmentBytes()
            || !queued.add(partitionLog)) {
            return; // enough zeros ahead, or zeros up to where the segment rolls, or already queued
        }
        try {
            thread.execute(() -> {
                queued.remove(partitionLog);
                fill(partitionLog);
            });
        } catch (RejectedExecutionException closed) {
            queued.remove(partitionLog);
        }
    }

    /** Fills the active segment of {@code partitionLog} now, on the calling thread (the zero-fill thread). */
    void fill(DiskLog partitionLog) {
        if (closed || partitionLog.hasStorageFailed()) {
            return;
        }
        LogSegment segment = partitionLog.activeSegment();
        ZeroTail tail = segment.zeroTail();
        int size = segment.sizeInBytes();
        long room = budgetBytes - outstandingBytes() + tail.aheadBytes();
        long target = Math.min(Math.min((long) size + aheadBytes, partitionLog.config.segmentBytes()),
            size + room);
        long toWrite = target - Math.max(tail.filledTo(), size);
        if (toWrite <= 0 || diskSpace.usableBytes() - toWrite - diskSpace.reserve() < DiskSpace.NEAR_RESERVE_BYTES) {
            return;
        }
        int written;
        try {
            filled.add(tail);
            written = tail.fillTo((int) target);
        } catch (IOException e) {
            pausedUntilMs = time.milliseconds() + PAUSE_AFTER_FAILURE_MS;
            diskSpace.refresh();
            log.info("Zero-fill ahead of {} skipped ({}); its appends go on growing the file, and zero-fill pauses "
                + "for {} ms", partitionLog.topicPartition(), e.toString(), PAUSE_AFTER_FAILURE_MS);
            return;
        }
        if (written > 0) {
            diskSpace.onWritten(written, AppendOrigin.COORDINATOR);
            sync(partitionLog, tail);
        }
    }

    private static void sync(DiskLog partitionLog, ZeroTail tail) {
        try {
            tail.sync();
        } catch (ClosedChannelException closed) {
            // the segment was deleted or the log closed meanwhile: its zeros no longer matter
        } catch (IOException e) {
            partitionLog.failStorage("the fsync of zeros written ahead of the data", e);
        }
    }

    /** Zeros ahead of the data in every segment that got some; forgets the retired ones. */
    long outstandingBytes() {
        filled.removeIf(ZeroTail::isRetired);
        long total = 0;
        for (ZeroTail tail : filled) {
            total += tail.aheadBytes();
        }
        return total;
    }

    /**
     * Stops the thread and waits for a fill under way: after this no zero is written. Never by interrupting it: an
     * interrupt during a file operation closes the segment's channel (ClosedByInterruptException) for everyone.
     */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("A zero-fill was still running 10 s after shutdown began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
