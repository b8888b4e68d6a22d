package io.freshet.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.nio.ByteBuffer;

/**
 * Writes a response frame (int32 size, response header, body) with kafka-clients' generated classes, sized
 * first so the frame is allocated once. Stateless.
 */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, PendingResponse response) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(response.correlationId);
        ApiMessage body = response.body();
        int size = header.size(cache, response.headerVersion) + body.size(cache, response.apiVersion);
        int frameSize = 4 + size;
        ByteBuf frame = alloc.buffer(frameSize);
        try {
            ByteBuffer nio = frame.nioBufferCount() == 1 ? frame.nioBuffer(0, frameSize) : ByteBuffer.allocate(frameSize);
            ByteBufferAccessor out = new ByteBufferAccessor(nio);
            nio.putInt(size);
            header.write(out, cache, response.headerVersion);
            body.write(out, cache, response.apiVersion);
            if (nio.position() != frameSize) {
                throw new IllegalStateException("Encoded " + nio.position() + " bytes, sized " + frameSize);
            }
            if (frame.nioBufferCount() == 1) {
                frame.writerIndex(frameSize);
            } else {
                frame.writeBytes(nio.flip());
            }
            return frame;
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }
}
