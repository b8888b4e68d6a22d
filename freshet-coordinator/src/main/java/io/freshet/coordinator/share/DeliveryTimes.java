package io.freshet.coordinator.share;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteUtils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Finds the records of a batch that carry a {@code freshet.deliver.at} header (epoch milliseconds, decimal ASCII)
 * in the future: a share group does not hand them out before then.
 *
 * <p>Design note: this runs once per batch and share partition, when an acquire first reaches the batch, on the
 * share coordinator thread, so the common case (no record has headers) must cost little. An uncompressed batch is
 * scanned in place: per record, a few varints and the skip of key and value, and headers are compared byte for byte
 * only when a record has some; nothing is allocated. A compressed batch has to be decompressed to see its headers:
 * it is (a delivery time in a compressed batch is honoured), at the price of one decompression per batch and group.
 * Batches of magic 0 and 1 have no headers.
 */
final class DeliveryTimes {

    static final String HEADER = "freshet.deliver.at";
    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    /** Size of a v2 batch header: records start here. */
    private static final int RECORDS_OFFSET = 61;

    private DeliveryTimes() {
    }

    /**
     * Offset to delivery time of the records from {@code fromOffset} on whose time is after {@code nowMs}; null when
     * there are none (the common case).
     *
     * @param bytes the batch's bytes starting at position 0 when the caller has them in memory, else null
     */
    static NavigableMap<Long, Long> of(RecordBatch batch, ByteBuffer bytes, long fromOffset, long nowMs) {
        if (batch.magic() < RecordBatch.MAGIC_VALUE_V2 || batch.isControlBatch()) {
            return null;
        }
        if (batch.compressionType() != CompressionType.NONE) {
            return fromRecords(batch, fromOffset, nowMs);
        }
        if (bytes == null) {
            bytes = ByteBuffer.allocate(batch.sizeInBytes());
            batch.writeTo(bytes);
            bytes.flip();
        }
        return scan(bytes, batch.baseOffset(), fromOffset, nowMs);
    }

    private static NavigableMap<Long, Long> fromRecords(RecordBatch batch, long fromOffset, long nowMs) {
        NavigableMap<Long, Long> out = null;
        for (Record record : batch) {
            if (record.offset() < fromOffset) {
                continue;
            }
            for (Header header : record.headers()) {
                if (HEADER.equals(header.key()) && header.value() != null) {
                    long at = parse(ByteBuffer.wrap(header.value()), header.value().length);
                    if (at > nowMs) {
                        out = put(out, record.offset(), at);
                    }
                }
            }
        }
        return out;
    }

    /** Walks the records of an uncompressed v2 batch in {@code batch} (position 0 = the batch's first byte). */
    private static NavigableMap<Long, Long> scan(ByteBuffer batch, long baseOffset, long fromOffset, long nowMs) {
        ByteBuffer in = batch.duplicate();
        in.position(RECORDS_OFFSET);
        NavigableMap<Long, Long> out = null;
        while (in.remaining() > 0) {
            int length = ByteUtils.readVarint(in);
            int end = in.position() + length;
            in.get(); // attributes
            ByteUtils.readVarlong(in); // timestamp delta
            long offset = baseOffset + ByteUtils.readVarint(in);
            skip(in, ByteUtils.readVarint(in)); // key
            skip(in, ByteUtils.readVarint(in)); // value
            int headers = ByteUtils.readVarint(in);
            if (headers > 0 && offset >= fromOffset) {
                long at = deliveryTime(in, headers);
                if (at > nowMs) {
                    out = put(out, offset, at);
                }
            }
            in.position(end);
        }
        return out;
    }

    /** The record's delivery time from its headers, or -1. */
    private static long deliveryTime(ByteBuffer in, int headers) {
        long at = -1;
        for (int i = 0; i < headers; i++) {
            int keyLength = ByteUtils.readVarint(in);
            boolean match = keyLength == HEADER_BYTES.length && matches(in);
            skip(in, keyLength);
            int valueLength = ByteUtils.readVarint(in);
            if (match && valueLength > 0) {
                at = parse(in.slice(in.position(), valueLength), valueLength);
            }
            skip(in, valueLength);
        }
        return at;
    }

    private static boolean matches(ByteBuffer in) {
        int p = in.position();
        for (int i = 0; i < HEADER_BYTES.length; i++) {
            if (in.get(p + i) != HEADER_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decimal ASCII epoch milliseconds; -1 when it is not one (the record is then delivered at once). */
    private static long parse(ByteBuffer value, int length) {
        if (length > 19) {
            return -1;
        }
        long at = 0;
        for (int i = 0; i < length; i++) {
            int digit = value.get(value.position() + i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            at = at * 10 + digit;
        }
        return at;
    }

    private static void skip(ByteBuffer in, int length) {
        if (length > 0) {
            in.position(in.position() + length);
        }
    }

    private static NavigableMap<Long, Long> put(NavigableMap<Long, Long> out, long offset, long at) {
        NavigableMap<Long, Long> map = out == null ? new TreeMap<>() : out;
        map.put(offset, at);
        return map;
    }
}
