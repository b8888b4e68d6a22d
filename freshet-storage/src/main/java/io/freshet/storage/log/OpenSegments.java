package io.freshet.storage.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open-segment budget of a {@link LogStore} ({@code log.segment.open.files.max}): at most that many segment
 * files keep an open channel, so that a broker with 100,000 partitions fits in the process's file-descriptor limit.
 * Opening one past the budget closes the least recently used segment file that may be closed ({@link SegmentFile},
 * which reopens on its next use).
 *
 * <p>Design note: least recently used is approximated with a clock (second chance), so that the hot path, a read or
 * an append of a segment whose channel is open, takes no lock here: it only sets the file's "referenced" flag. The
 * ring holds the open files in the order they were opened; the hand (the ring's head) gives a referenced file a
 * second chance, skips one that may not be closed (an active segment with data not yet fsynced, zeros or
 * preallocated space ahead, or one with a lease) and closes the first other one. Each opening moves the hand at
 * most {@link #MAX_STEPS} places, so that a broker whose files are all busy pays a bounded cost per opening; when
 * nothing can be closed the budget is exceeded (logged once, at WARN) rather than fail a read or a write, and the
 * flusher brings the count back down once it has fsynced ({@link #trim}).
 *
 * <p>Threading: any thread opens, reopens or closes files; the ring and the hand are guarded by {@link #lock}, taken
 * only when a file is opened or when the count is over budget; the count of open files is atomic.
 */
final class OpenSegments {

    private static final Logger log = LoggerFactory.getLogger(OpenSegments.class);
    /** How far the hand moves at most per opening. */
    static final int MAX_STEPS = 512;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    /** Open files, oldest opening at the head; may still hold files closed meanwhile (dropped when met). */
    private final ArrayDeque<SegmentFile> ring = new ArrayDeque<>();
    /** Places the hand moved since it last closed a file: twice round the ring means none may be closed. */
    private int stepsSinceClose;
    private volatile boolean warned;

    OpenSegments(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("log.segment.open.files.max: " + max + " is out of range");
        }
        this.max = max;
    }

    /** A file was opened (created, opened at start-up, or reopened on use). */
    void onOpened(SegmentFile file) {
        int count = open.incrementAndGet();
        lock.lock();
        try {
            if (!file.inRing) {
                file.inRing = true;
                ring.addLast(file);
            }
            if (count > max) {
                sweep();
            }
        } finally {
            lock.unlock();
        }
    }

    void onClosed() {
        open.decrementAndGet();
    }

    /** Closes files until the budget holds again, if it is exceeded; cheap otherwise. */
    void trim() {
        if (open.get() > max && lock.tryLock()) {
            try {
                sweep();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The last lease of a file the hand wanted to close was released: close it now if still over budget. */
    void closeIfIdle(SegmentFile file) {
        if (open.get() > max) {
            tryClose(file); // it stays in the ring; the hand drops it when it meets it closed
        }
    }

    private void sweep() {
        int steps = Math.min(MAX_STEPS, 2 * ring.size());
        while (open.get() > max && steps-- > 0) {
            SegmentFile file = ring.pollFirst();
            if (file == null) {
                break;
            }
            stepsSinceClose++;
            if (!file.isOpen()) {
                file.inRing = false; // closed by its last release, or retired
            } else if (file.clearReferenced() || !tryClose(file)) {
                ring.addLast(file);
            } else {
                file.inRing = false;
                stepsSinceClose = 0;
            }
        }
        // Only once the hand went twice round without a close: each file lost its second chance and stayed open.
        if (open.get() > max && stepsSinceClose >= 2 * ring.size() && !warned) {
            warned = true;
            log.warn("{} segment files are open, more than log.segment.open.files.max={}: none of the others may be "
                + "closed now (active segments with data not yet fsynced, zeros or preallocated space ahead, or being "
                + "read). The budget is exceeded rather than fail reads or appends; this is logged once.",
                open.get(), max);
        }
    }

    private static boolean tryClose(SegmentFile file) {
        try {
            return file.tryClose();
        } catch (IOException e) {
            // Closing a descriptor of a fsynced file has nothing to lose; the file counts as closed regardless.
            log.warn("Could not close segment file {}: {}", file.path(), e.toString());
            return true;
        }
    }

    /** True while another file may be opened without going over the budget. */
    boolean hasRoom() {
        return open.get() < max;
    }

    /** Segment files open now. */
    int openFiles() {
        return open.get();
    }

    int max() {
        return max;
    }
}
