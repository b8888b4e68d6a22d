package io.freshet.storage.log;

import io.freshet.storage.file.CheckedLongFile;
import io.freshet.storage.file.StorageIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The offsets a memory partition may hand out, reserved on disk ahead of use, so that its offsets never go
 * backwards across a restart although its records are gone: an offset is handed out only below a ceiling already
 * written durably, as producer ids are ({@code ProducerIdAllocator}). A restart, clean or not, starts the log at the
 * ceiling on disk. Ceilings are reserved {@value #BLOCK} offsets ahead; a new reservation is written in the background
 * once less than half a block is left, so appends do not wait for it unless they outrun it. A clean shutdown writes
 * the exact end, so only a crash skips offsets (at most one block and a half).
 *
 * <p>File {@value #FILE} in the partition's directory, the only file of a memory partition:
 * <pre>magic int32 0x46524f43 ("FROC"), version int16 (1), ceiling int64, crc int32 (CRC-32C)</pre>
 * written atomically ({@code AtomicFile}); a damaged file stops the partition from opening rather than risk handing
 * out an offset twice.
 *
 * <p>Threading: {@link #reserved} is volatile; writes are serialised by this object's monitor, made by the appender
 * (under the log's lock, only when it reaches the ceiling) or by the renewal on the store's background executor.
 */
final class OffsetCeiling {

    private static final Logger log = LoggerFactory.getLogger(OffsetCeiling.class);
    static final String FILE = "offset-ceiling";
    static final long BLOCK = 1L << 20;
    private static final int MAGIC = 0x46524f43; // "FROC"

    private final CheckedLongFile file;
    private final Executor background;
    private final String name;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final long start;
    private volatile long reserved;
    private volatile boolean closed;

    private OffsetCeiling(CheckedLongFile file, Executor background, String name, long start) {
        this.file = file;
        this.background = background;
        this.name = name;
        this.start = start;
        this.reserved = start;
    }

    /** Reads the ceiling of {@code dir} (0 for a new partition) and reserves the first block above it. */
    static OffsetCeiling open(StorageIo io, Path dir, Executor background, String name) throws IOException {
        CheckedLongFile file = new CheckedLongFile(io, dir.resolve(FILE), MAGIC);
        OffsetCeiling ceiling = new OffsetCeiling(file, background, name, file.read().orElse(0L));
        ceiling.raiseTo(ceiling.start + BLOCK);
        return ceiling;
    }

    /** Where the log starts after this (re)start: at or above every offset handed out before. */
    long start() {
        return start;
    }

    /**
     * Makes sure offsets below {@code next} may be handed out: at once when they are below the reserved ceiling
     * (renewing it in the background when it gets near), else by writing a new ceiling now.
     *
     * @throws IOException when the new ceiling could not be written; nothing may be handed out
     */
    void reserveBelow(long next) throws IOException {
        if (next > reserved) {
            raiseTo(next + BLOCK);
        } else if (reserved - next < BLOCK / 2 && renewing.compareAndSet(false, true)) {
            renewLater();
        }
    }

    private void renewLater() {
        try {
            background.execute(() -> {
                try {
                    if (!closed) {
                        raiseTo(reserved + BLOCK);
                    }
                } catch (IOException e) {
                    log.warn("Cannot reserve offsets of memory partition {} ahead ({}); retried at the next append",
                        name, e.toString());
                } finally {
                    renewing.set(false);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            renewing.set(false); // the appender writes the ceiling itself when it reaches it
        }
    }

    private synchronized void raiseTo(long ceiling) throws IOException {
        if (ceiling > reserved) {
            file.write(ceiling);
            reserved = ceiling;
        }
    }

    /** Clean shutdown: the exact end, so the next start goes on from there with no offsets skipped. */
    synchronized void closeAt(long end) throws IOException {
        closed = true;
        file.write(end);
        reserved = end;
    }

    /** No more renewals (the partition was deleted). */
    void close() {
        closed = true;
    }

    long reserved() {
        return reserved;
    }
}
