package io.freshet.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash leaves either the old or the new content, never a mix: write a temporary
 * sibling, fsync it, rename it over the target, fsync the directory (without the last step the rename itself may
 * be lost on power failure).
 *
 * <p>A write that fails before the rename (disk full, I/O error, a failed fsync of the temporary file) removes the
 * temporary file and leaves the target as it was: the caller may simply try again later. A failed directory fsync
 * after the rename leaves the new content in place but perhaps not durable.
 */
public final class AtomicFile {

    private final StorageIo io;

    public AtomicFile(StorageIo io) {
        this.io = io;
    }

    public void write(Path file, byte[] content) throws IOException {
        write(file, ByteBuffer.wrap(content));
    }

    public void write(Path file, ByteBuffer content) throws IOException {
        Path tmp = tmpFor(file);
        try {
            try (FileChannel ch = io.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = content.duplicate();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            io.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        io.fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** A leftover temporary file is an interrupted write: the target still holds the previous content. */
    public static void deleteLeftover(Path file) throws IOException {
        Files.deleteIfExists(tmpFor(file));
    }

    public static Path tmpFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }
}
