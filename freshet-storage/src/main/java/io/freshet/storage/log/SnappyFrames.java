package io.freshet.storage.log;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

import java.nio.ByteBuffer;

/**
 * Checks the framing of a snappy batch before kafka-clients decompresses it. snappy-java's SnappyInputStream
 * allocates each chunk at the length its header claims (up to 512 MB) and each chunk's output at the length the
 * block claims, before reading either: a 90-byte batch could make the broker allocate half a gigabyte (found by
 * BatchFuzzTest). A compressed chunk cannot be longer than the bytes left in the batch, and a snappy block cannot
 * inflate more than {@value #MAX_RATIO} times (a 2-byte copy op yields at most 64 bytes), so both claims are checked
 * against the batch itself.
 */
final class SnappyFrames {

    /** More than snappy's real maximum expansion, so every valid block passes. */
    static final int MAX_RATIO = 32;
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER = MAGIC.length + 8; // magic, version, compatible version

    private SnappyFrames() {
    }

    static void check(MutableRecordBatch batch) {
        ByteBuffer copy = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(copy);
        copy.flip();
        copy.position(Math.min(copy.limit(), DefaultRecordBatch.RECORD_BATCH_OVERHEAD));
        ByteBuffer payload = copy.slice();
        if (!magicAt(payload)) {
            checkBlock(payload, payload.remaining()); // snappy-java reads a stream without header as one raw block
            return;
        }
        while (payload.hasRemaining()) {
            if (magicAt(payload)) {
                payload.position(payload.position() + Math.min(HEADER, payload.remaining()));
                continue;
            }
            if (payload.remaining() < 4) {
                throw corrupt("a truncated chunk header");
            }
            int chunk = payload.getInt();
            if (chunk < 0 || chunk > payload.remaining()) {
                throw corrupt("a chunk of " + chunk + " bytes with " + payload.remaining() + " left");
            }
            checkBlock(payload.slice().limit(chunk), chunk);
            payload.position(payload.position() + chunk);
        }
    }

    /** A raw snappy block starts with its uncompressed length as a varint. */
    private static void checkBlock(ByteBuffer block, int compressedLength) {
        long length = 0;
        for (int shift = 0; shift < 35 && block.hasRemaining(); shift += 7) {
            byte b = block.get();
            length |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > (long) MAX_RATIO * compressedLength + 64) {
            throw corrupt("a block of " + compressedLength + " bytes claiming " + length + " bytes uncompressed");
        }
    }

    private static boolean magicAt(ByteBuffer buffer) {
        if (buffer.remaining() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(buffer.position() + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static CorruptRecordException corrupt(String what) {
        return new CorruptRecordException("Snappy record batch has " + what);
    }
}
