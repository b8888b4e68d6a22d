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
 * sibling, fsync it, rename it over the target, fsync the directory (without the
 * last step the rename itself may be lost on power failure).
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        write(file, ByteBuffer.wrap(content));
    }

    public static void write(Path file, ByteBuffer content) throws IOException {
        Path tmp = tmpFor(file);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = content.duplicate();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** A leftover temporary file is an interrupted write: the target still holds the previous content. */
    public static void deleteLeftover(Path file) throws IOException {
        Files.deleteIfExists(tmpFor(file));
    }

    public static Path tmpFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Makes a directory's entries (new, renamed or deleted files) durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
