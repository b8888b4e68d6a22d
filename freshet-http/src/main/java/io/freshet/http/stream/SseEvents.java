package io.freshet.http.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of the event stream (text/event-stream, WHATWG HTML "Server-sent events"):
 * <pre>
 *   id: 0:13,1:7              a record: id = where to resume, every partition's next offset
 *   data: {"partition_id":0,"offset":12,...}
 *
 *   event: gap                the subscriber fell behind the log's start on partition 0 and skipped 5 records
 *   id: 0:20,1:7
 *   data: {"partition_id":0,"missed":5}
 *
 *   id: 0:20,1:7              no data: sets the client's Last-Event-ID without an event (sent at the start, so a
 *                             reconnect before the first record resumes where the stream began)
 *   : keep-alive              a comment: keeps proxies from closing an idle stream
 * </pre>
 * Stateless, any thread.
 */
final class SseEvents {

    static final String HEARTBEAT = ": keep-alive\n\n";
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GAP = "event: gap\n".getBytes(StandardCharsets.US_ASCII);

    private SseEvents() {
    }

    /**
     * The events of {@code batch}'s records from index {@code from}, for a subscriber at {@code positions} (indexed by
     * partition) before them.
     */
    static ByteBuf records(ByteBufAllocator alloc, EncodedBatch batch, int from, long[] positions) {
        int count = batch.size() - from;
        ByteBuf out = alloc.buffer(batch.jsonBytes() + count * (16 + 12 * positions.length));
        int p = batch.partition;
        long before = positions[p];
        try {
            for (int i = from; i < batch.size(); i++) {
                positions[p] = batch.offsets[i] + 1;
                writeId(out, positions);
                out.writeBytes(DATA);
                batch.copyJson(i, out);
                out.writeByte('\n').writeByte('\n');
            }
        } finally {
            positions[p] = before;
        }
        return out;
    }

    static ByteBuf gap(ByteBufAllocator alloc, int partition, long missed, long[] positions) {
        ByteBuf out = alloc.buffer(64 + 12 * positions.length);
        out.writeBytes(GAP);
        writeId(out, positions);
        out.writeBytes(DATA);
        ByteBufUtil.writeAscii(out, RecordJson.gap(partition, missed));
        out.writeByte('\n').writeByte('\n');
        return out;
    }

    /** An id-only event: the client's Last-Event-ID becomes {@code positions}. */
    static ByteBuf position(ByteBufAllocator alloc, long[] positions) {
        ByteBuf out = alloc.buffer(8 + 12 * positions.length);
        writeId(out, positions);
        out.writeByte('\n');
        return out;
    }

    /** {@code 0:12,1:7}: the offsets by partition, as {@link StreamStart} parses them back. */
    static String format(long[] positions) {
        StringBuilder id = new StringBuilder(positions.length * 8);
        for (int p = 0; p < positions.length; p++) {
            if (p > 0) {
                id.append(',');
            }
            id.append(p).append(':').append(positions[p]);
        }
        return id.toString();
    }

    private static void writeId(ByteBuf out, long[] positions) {
        out.writeBytes(ID);
        for (int p = 0; p < positions.length; p++) {
            if (p > 0) {
                out.writeByte(',');
            }
            writeDecimal(out, p);
            out.writeByte(':');
            writeDecimal(out, positions[p]);
        }
        out.writeByte('\n');
    }

    /** ASCII digits of a non-negative number, without a String on the way. */
    private static void writeDecimal(ByteBuf out, long value) {
        if (value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (int i = end - 1; i >= out.writerIndex(); i--) {
            out.setByte(i, '0' + (int) (value % 10));
            value /= 10;
        }
        out.writerIndex(end);
    }
}
