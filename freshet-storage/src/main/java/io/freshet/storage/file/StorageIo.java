package io.freshet.storage.file;

import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.FileStore;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The storage engine's door to the filesystem: every file it writes, fsyncs, truncates, creates or renames is
 * opened or moved through one of these, so that a test can make any of those operations fail as a full or failing
 * disk does (ENOSPC, EIO, a torn write) and check what the log does about it. Writes, fsyncs and truncations go
 * through the channels this returns ({@link FileChannel}, or the one inside {@link FileRecords}); reads of files
 * already open need no seam.
 *
 * <p>Production uses {@link #SYSTEM}. Implementations must be thread-safe: every storage thread uses the same one.
 */
public interface StorageIo {

    /** The real filesystem, through the JDK and kafka-clients' own {@link FileRecords#open}. */
    StorageIo SYSTEM = new SystemStorageIo();

    /**
     * Opens a segment's log file read-write as Kafka's {@link FileRecords}: an existing one, or a new one
     * (created; preallocated to {@code initFileSize} bytes when {@code preallocate}).
     */
    FileRecords openRecords(Path file, boolean fileAlreadyExists, int initFileSize, boolean preallocate)
        throws IOException;

    /** Opens any other file (small state files, a cleaned segment being written), or a directory to fsync it. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Renames or moves a file that is not open as {@link FileRecords} ({@link java.nio.file.Files#move}). */
    void move(Path source, Path target, CopyOption... options) throws IOException;

    /** Renames the file of an open segment; its channel stays open, so readers holding it read on. */
    void rename(FileRecords records, Path target) throws IOException;

    /** The filesystem holding {@code path}: its usable and total space. */
    FileStore fileStore(Path path) throws IOException;

    /** Makes a directory's entries (files created, renamed or deleted in it) durable. */
    default void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
