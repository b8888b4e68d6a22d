package io.freshet.storage.log;

import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a segment's index: written whole when the segment is sealed (rolled or cleanly closed),
 * read back at start-up. An index that is missing, torn, fails its CRC or describes a log file of another size
 * is rebuilt from the log, so the index never needs to be trusted more than the log itself.
 *
 * <pre>
 * magic    int32   0x46524958 ("FRIX")
 * version  int16   1
 * kind     int16   1 = offset index, 2 = time index
 * count    int32   number of entries
 * logSize  int32   size in bytes of the segment's .log file this index describes
 * next     int64   the offset after the segment's last record
 * maxTs    int64   the largest timestamp in the segment, -1 if none
 * crc      int32   CRC-32C of every byte before it and all entries
 * entries  count x long[width]   big-endian
 * </pre>
 */
final class IndexFile {

    static final int MAGIC = 0x46524958;
    static final short VERSION = 1;
    static final short KIND_OFFSET = 1;
    static final short KIND_TIME = 2;
    private static final int HEADER_BYTES = 4 + 2 + 2 + 4 + 4 + 8 + 8 + 4;

    private IndexFile() {
    }

    /** Writes the entries to a temporary file, fsyncs it, and renames it over {@code file}. */
    static void write(StorageIo io, Path file, short kind, long[] entries, int count, int logSize, long nextOffset,
                      long maxTimestamp) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + count * Long.BYTES);
        buf.putInt(MAGIC).putShort(VERSION).putShort(kind).putInt(count).putInt(logSize).putLong(nextOffset)
            .putLong(maxTimestamp);
        int crcPosition = buf.position();
        buf.putInt(0);
        for (int i = 0; i < count; i++) {
            buf.putLong(entries[i]);
        }
        buf.putInt(crcPosition, crc(buf, crcPosition));
        buf.flip();
        new AtomicFile(io).write(file, buf);
    }

    /** What an index file holds. */
    record Contents(long[] entries, long nextOffset, long maxTimestamp) {
    }

    /** The contents, or null when the file is missing, damaged, or describes a log of another size. */
    static Contents read(Path file, short kind, int expectedLogSize) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) < HEADER_BYTES) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buf.getInt() != MAGIC || buf.getShort() != VERSION || buf.getShort() != kind) {
                return null;
            }
            int count = buf.getInt();
            int logSize = buf.getInt();
            long nextOffset = buf.getLong();
            long maxTimestamp = buf.getLong();
            int crcPosition = buf.position();
            int storedCrc = buf.getInt();
            if (count < 0 || logSize != expectedLogSize || buf.remaining() != (long) count * Long.BYTES) {
                return null;
            }
            buf.putInt(crcPosition, 0);
            if (crc(buf, crcPosition) != storedCrc) {
                return null;
            }
            long[] entries = new long[count];
            buf.position(HEADER_BYTES);
            for (int i = 0; i < count; i++) {
                entries[i] = buf.getLong();
            }
            return new Contents(entries, nextOffset, maxTimestamp);
        } catch (IOException e) {
            return null;
        }
    }

    private static int crc(ByteBuffer buf, int crcPosition) {
        CRC32C crc = new CRC32C();
        ByteBuffer all = buf.duplicate();
        all.position(0).limit(buf.capacity());
        crc.update(all);
        return (int) crc.getValue();
    }
}
