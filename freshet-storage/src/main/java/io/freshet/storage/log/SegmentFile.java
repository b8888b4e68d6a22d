package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segment's {@code .log} file, whose channel {@link OpenSegments} may close while nobody uses it and which
 * reopens on the next use. Every read, write, fsync and truncation goes through a <em>lease</em>:
 * {@link #acquire} returns the open {@link FileRecords} and keeps it open until the matching {@link #release}.
 *
 * <p>The channel is only closed when no lease is held and the segment says the file holds exactly its data
 * ({@link Closability}): the file's length is then the segment's size, so a reopen finds the same
 * {@link FileRecords#sizeInBytes() size} (checked), and no write-back error can be waiting on the old descriptor.
 *
 * <p>Threading: {@link #state} is the number of leases held, or {@link #CLOSED} / {@link #RETIRED}. A lease is
 * taken with one compare-and-set when the channel is open (the hot path: no lock); the transitions to and from
 * closed happen under this object's monitor, and to closed only from zero leases. A rename holds the monitor too,
 * so that a reopen always opens the file under its current name. {@link OpenSegments} is told of each open and
 * close after the monitor is released (its lock is taken before a file's monitor, never after).
 */
final class SegmentFile {

    /** Whether the segment's file holds exactly its data now; asked by {@link OpenSegments} before closing it. */
    @FunctionalInterface
    interface Closability {
        boolean closable();
    }

    private static final int CLOSED = -1;
    /** Closed for good (segment closed or deleted): a lease fails as on a closed channel. */
    private static final int RETIRED = -2;

    private final StorageIo io;
    private final OpenSegments budget;
    private final Closability closability;
    /** The open records, or the last ones closed (which still know the file's name and size). */
    private volatile FileRecords records;
    private final AtomicInteger state = new AtomicInteger();
    /** Used since the budget's clock hand last passed (second chance). */
    private volatile boolean referenced = true;
    /** The budget wanted to close it while a lease was held: the last release closes it. */
    private volatile boolean evictWanted;
    /** In the budget's clock ring; guarded by the budget's lock. */
    boolean inRing;

    SegmentFile(StorageIo io, OpenSegments budget, FileRecords records, Closability closability) {
        this.io = io;
        this.budget = budget;
        this.records = records;
        this.closability = closability;
    }

    /** Counts the freshly opened file against the budget; once the segment can answer {@link Closability}. */
    void register() {
        budget.onOpened(this);
    }

    /**
     * The open records, reopened if the budget had closed them; call {@link #release} exactly once afterwards.
     *
     * @throws ClosedChannelException when the segment was closed or deleted
     */
    FileRecords acquire() throws IOException {
        int s = state.get();
        if (s >= 0 && state.compareAndSet(s, s + 1)) {
            if (!referenced) {
                referenced = true;
            }
            return records;
        }
        return acquireSlow();
    }

    private FileRecords acquireSlow() throws IOException {
        boolean reopened = false;
        FileRecords open;
        synchronized (this) {
            while (true) {
                int s = state.get();
                if (s == RETIRED) {
                    throw new ClosedChannelException();
                }
                if (s == CLOSED) {
                    records = reopen(records);
                    state.set(1);
                    reopened = true;
                    break;
                }
                if (state.compareAndSet(s, s + 1)) {
                    break;
                }
            }
            referenced = true;
            open = records;
        }
        if (reopened) {
            budget.onOpened(this); // may close others; this one is leased
        }
        return open;
    }

    /** Opens the file under its current name; a closable file's length is its size, anything else is a fault. */
    private FileRecords reopen(FileRecords closed) throws IOException {
        Path file = closed.file().toPath();
        FileRecords open = io.openRecords(file, true, 0, false);
        if (open.sizeInBytes() != closed.sizeInBytes()) {
            open.close();
            throw new IOException("Segment file " + file + " is " + open.sizeInBytes() + " bytes long while closed, "
                + "not the " + closed.sizeInBytes() + " bytes of its data");
        }
        return open;
    }

    void release() {
        while (true) {
            int s = state.get();
            if (s <= 0) {
                return; // retired under the lease: nothing left to count
            }
            if (state.compareAndSet(s, s - 1)) {
                if (s == 1 && evictWanted) {
                    budget.closeIfIdle(this);
                }
                return;
            }
        }
    }

    /**
     * Closes the channel if no lease is held and the segment allows it (the budget's clock hand).
     *
     * @return true if it was closed; false leaves it open (and, when leased, asks the last release to try again)
     */
    boolean tryClose() throws IOException {
        IOException failure;
        synchronized (this) {
            if (!state.compareAndSet(0, CLOSED)) {
                evictWanted = state.get() > 0;
                return false;
            }
            evictWanted = false;
            if (!closability.closable()) {
                state.set(0);
                return false;
            }
            failure = closeQuietly(records);
        }
        budget.onClosed();
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /** Closes for good (the segment is closed or its files deleted), leases or not: no reopen after this. */
    void retire() throws IOException {
        IOException failure = null;
        boolean wasOpen;
        synchronized (this) {
            wasOpen = state.getAndSet(RETIRED) >= 0;
            if (wasOpen) {
                failure = closeQuietly(records);
            }
        }
        if (wasOpen) {
            budget.onClosed();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException closeQuietly(FileRecords open) {
        try {
            open.close();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Renames the file, open or not; a later reopen opens it under the new name. */
    synchronized void rename(Path target) throws IOException {
        io.rename(records, target);
    }

    /**
     * The partition's directory was renamed (a deleted topic's, to {@code *.delete}): a later reopen must look there,
     * never at the old path, where a topic created again under the same name may have its own files.
     */
    synchronized void moveParent(Path dir) {
        records.updateParentDir(dir.toFile());
    }

    /** Second chance for the clock hand: true if used since the last call. */
    boolean clearReferenced() {
        boolean was = referenced;
        if (was) {
            referenced = false;
        }
        return was;
    }

    boolean isOpen() {
        return state.get() >= 0;
    }

    /** Whether a lease taken now keeps no more files open than the budget: open already, or room to reopen. */
    boolean leaseFitsBudget() {
        return isOpen() || budget.hasRoom();
    }

    boolean isRetired() {
        return state.get() == RETIRED;
    }

    /** The data size; known whether or not the channel is open. */
    int sizeInBytes() {
        return records.sizeInBytes();
    }

    /** The file's current name. */
    Path path() {
        return records.file().toPath();
    }
}
