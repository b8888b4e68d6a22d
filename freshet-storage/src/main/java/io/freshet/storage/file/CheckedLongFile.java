package io.freshet.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A durable file that holds one number, e.g. a partition's log start offset.
 *
 * <pre>magic int32, version int16 (1), value int64, crc int32 (CRC-32C of the 14 bytes before it)</pre>
 */
public final class CheckedLongFile {

    private static final short VERSION = 1;
    private static final int SIZE = 4 + 2 + 8 + 4;

    private final AtomicFile atomicFile;
    private final Path file;
    private final int magic;

    public CheckedLongFile(StorageIo io, Path file, int magic) {
        this.atomicFile = new AtomicFile(io);
        this.file = file;
        this.magic = magic;
    }

    /** Replaces the value durably ({@link AtomicFile}); on failure the file keeps its previous value. */
    public void write(long value) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        buf.putInt(magic).putShort(VERSION).putLong(value);
        buf.putInt(crc(buf.array())).flip();
        atomicFile.write(file, buf);
    }

    /** The value; empty when the file does not exist. A damaged file is an IOException: the caller decides. */
    public OptionalLong read() throws IOException {
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.limit() != SIZE || buf.getInt() != magic || buf.getShort() != VERSION
            || buf.getInt(SIZE - 4) != crc(buf.array())) {
            throw new IOException("Damaged file " + file);
        }
        return OptionalLong.of(buf.getLong());
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, SIZE - 4);
        return (int) crc.getValue();
    }
}
