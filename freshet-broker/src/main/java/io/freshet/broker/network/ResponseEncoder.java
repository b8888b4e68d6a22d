package io.freshet.broker.network;

import io.netty.buffer.ByteBufAllocator;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.util.List;

/**
 * Writes a response frame (int32 size, response header, body) with kafka-clients' generated classes, sized first
 * so the size prefix is known. Records that are segment slices are not copied: they become file regions between
 * the frame's buffers (see {@link FrameWriter}). Stateless.
 */
final class ResponseEncoder {

    /** Enough for any response without records in one buffer; buffers grow when needed. */
    private static final int MAX_INITIAL_BUFFER = 64 * 1024;

    private ResponseEncoder() {
    }

    /**
     * The frame's parts, in order; the caller writes every part to the channel. {@code zeroCopy}: records may be
     * file regions (plain connections); false for TLS ones, where they are copied into buffers.
     */
    static List<Object> encode(ByteBufAllocator alloc, PendingResponse response, boolean zeroCopy) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(response.correlationId);
        ApiMessage body = response.body();
        int size = header.size(cache, response.headerVersion) + body.size(cache, response.apiVersion);
        FrameWriter out = new FrameWriter(alloc, Math.min(4 + size, MAX_INITIAL_BUFFER), zeroCopy);
        try {
            out.writeInt(size);
            header.write(out, cache, response.headerVersion);
            body.write(out, cache, response.apiVersion);
            if (out.bytesWritten() != 4L + size) {
                throw new IllegalStateException("Encoded " + out.bytesWritten() + " bytes, sized " + (4 + size));
            }
            return out.finish();
        } catch (RuntimeException e) {
            out.discard();
            throw e;
        }
    }
}
