package io.freshet.storage.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Byte-level surgery on segment files, to make the damage that crashes and bad disks make. */
final class SegmentFiles {

    private SegmentFiles() {
    }

    /** Start position of every batch, from the length fields (the file must be intact up to there). */
    static List<Integer> batchPositions(Path logFile) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(logFile));
        List<Integer> positions = new ArrayList<>();
        int position = 0;
        while (position + 12 <= buf.limit()) {
            positions.add(position);
            position += 12 + buf.getInt(position + 8);
        }
        return positions;
    }

    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0xff);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    static void append(Path file, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length());
            raf.write(bytes);
        }
    }
}
