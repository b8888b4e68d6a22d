package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The zeros written ahead of an active segment's data ({@code log.zero.fill.ahead.bytes}, see {@link ZeroFiller}).
 * Appends then overwrite blocks that are already allocated, written and inside the file's length, so their
 * fdatasync is a pure data flush instead of an ext4 journal commit for the new size and extents.
 *
 * <p>Byte layout of a segment file with a zero tail: {@code [0, data end)} whole batches (FileRecords' logical
 * size: readers, retention, DescribeLogDirs and the indexes only ever see this), then {@code [data end, filledTo)}
 * zeros, then possibly more zeros of a chunk whose write failed or was cut short by a crash. A zero tail is never
 * taken for data: a batch header of zeros fails {@link SegmentRecovery}'s length check, so a scan after a crash
 * cuts the file back to the last whole batch; {@link #retireAndTrim} cuts it at roll and clean shutdown, before
 * the index files (which record the file's size) are written.
 *
 * <p>Threading: the appender (under {@link DiskLog}'s lock) and the zero-fill thread. Every zero write lands at or
 * beyond {@link #filledTo} and holds this object's monitor; {@code filledTo} only grows while the segment is
 * appended to (a truncation, done by the writer, holds the monitor too). So an append that ends at or below
 * {@code filledTo} can never meet a zero write and takes no lock ({@link #covers}); an append beyond it, where the
 * writer has caught up with the zeros, runs under the monitor ({@link LogSegment#append}), as do the truncations.
 */
final class ZeroTail {

    /** One monitor hold writes at most this much: an appender that caught up waits at most for one such write. */
    static final int CHUNK_BYTES = 256 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final SegmentFile file;
    /** Zeros are written (not necessarily fsynced) up to here; written under the monitor. */
    private volatile int filledTo;
    /**
     * A zero write failed part-way: zeros may lie beyond {@link #filledTo}, so the file may be longer than its data
     * until a trim or truncation. Written under the monitor.
     */
    private volatile boolean zerosBeyondFilled;
    /** Sealed, truncated for good or closed: no more zeros. Guarded by the monitor. */
    private boolean retired;

    ZeroTail(SegmentFile file) {
        this.file = file;
    }

    /** True when {@code [anything, end)} lies in zeros already written: no zero write can land there any more. */
    boolean covers(int end) {
        return end <= filledTo;
    }

    int filledTo() {
        return filledTo;
    }

    /** Zero bytes written ahead of the data end, that nobody has overwritten yet. */
    int aheadBytes() {
        return Math.max(0, filledTo - file.sizeInBytes());
    }

    /** True when the file ends where the data ends: no zeros written ahead of it. No lock: both are volatile. */
    boolean holdsNoZeros() {
        return !zerosBeyondFilled && filledTo <= file.sizeInBytes();
    }

    /**
     * Writes zeros after the data (and after the zeros already there) up to {@code target}, one chunk per monitor
     * hold. Returns the bytes written; 0 when there was nothing to do or the segment no longer takes zeros.
     *
     * @throws IOException when a write failed (a full disk): the zeros written so far stay, harmless
     */
    int fillTo(int target) throws IOException {
        FileRecords log = file.acquire();
        try {
            int written = 0;
            while (true) {
                synchronized (this) {
                    int from = Math.max(filledTo, log.sizeInBytes());
                    if (retired || from >= target) {
                        return written;
                    }
                    int to = Math.min(target, from + CHUNK_BYTES);
                    writeZeros(log, from, to);
                    filledTo = to;
                    written += to - from;
                }
            }
        } finally {
            file.release();
        }
    }

    private void writeZeros(FileRecords log, int from, int to) throws IOException {
        try {
            writeZerosOnce(log, from, to);
        } catch (IOException e) {
            zerosBeyondFilled = true; // part of the chunk may be in the file
            throw e;
        }
    }

    private static void writeZerosOnce(FileRecords log, int from, int to) throws IOException {
        long at = from;
        while (at < to) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), to - at));
            while (zeros.hasRemaining()) {
                at += log.channel().write(zeros, at);
            }
        }
    }

    /** fdatasync of the zeros: their blocks and the file's new length reach the disk now, off the request path. */
    void sync() throws IOException {
        FileRecords log = file.acquire();
        try {
            log.channel().force(false);
        } finally {
            file.release();
        }
    }

    /**
     * Cuts the file back to {@code position} (at or below the data end): FileRecords' truncation also removes the
     * zeros after it, so the zero tail starts again from there.
     */
    synchronized void truncateTo(FileRecords log, int position) throws IOException {
        log.truncateTo(position);
        filledTo = Math.min(filledTo, position);
        zerosBeyondFilled = false; // the truncation cut the file at position
    }

    /** The segment takes no more zeros; the file is cut back to its data (FileRecords' trim). */
    synchronized void retireAndTrim(FileRecords log) throws IOException {
        retired = true;
        log.trim();
        filledTo = Math.min(filledTo, log.sizeInBytes());
        zerosBeyondFilled = false;
    }

    /** The segment takes no more zeros (closed or deleted); the file is left as it is. */
    synchronized void retire() {
        retired = true;
    }

    synchronized boolean isRetired() {
        return retired;
    }
}
