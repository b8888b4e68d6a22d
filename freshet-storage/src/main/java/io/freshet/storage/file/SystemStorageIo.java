package io.freshet.storage.file;

import org.apache.kafka.common.record.internal.FileRecords;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** {@link StorageIo#SYSTEM}: the JDK's file channels and kafka-clients' {@link FileRecords#open}. */
final class SystemStorageIo implements StorageIo {

    @Override
    public FileRecords openRecords(Path file, boolean fileAlreadyExists, int initFileSize, boolean preallocate)
        throws IOException {
        return FileRecords.open(file.toFile(), true, fileAlreadyExists, initFileSize, preallocate);
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        return FileChannel.open(file, options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Files.move(source, target, options);
    }

    @Override
    public void rename(FileRecords records, Path target) throws IOException {
        records.renameTo(target.toFile());
    }

    @Override
    public FileStore fileStore(Path path) throws IOException {
        return Files.getFileStore(path);
    }

    @Override
    public String toString() {
        return "StorageIo.SYSTEM";
    }
}
