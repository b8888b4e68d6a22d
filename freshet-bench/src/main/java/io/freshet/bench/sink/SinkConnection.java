package io.freshet.bench.sink;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One client connection of the {@link ProduceSink}: decodes each frame with kafka-clients' classes, asks
 * {@link SinkApis} for the answer and writes it back at once (every answer is synchronous, so responses leave
 * in request order). Owned by the connection's event loop. Anything it cannot decode closes the connection.
 */
final class SinkConnection extends ChannelInboundHandlerAdapter {

    private final SinkApis apis;

    SinkConnection(SinkApis apis) {
        this.apis = apis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            ByteBuffer buffer = frame.nioBuffer();
            RequestHeader header = RequestHeader.parse(buffer);
            ApiKeys apiKey = header.apiKey();
            AbstractRequest request = AbstractRequest.parseRequest(apiKey, header.apiVersion(),
                new ByteBufferAccessor(buffer)).request;
            ApiMessage body = apis.answer(apiKey, header.apiVersion(), request.data(),
                ((java.net.InetSocketAddress) ctx.channel().localAddress()).getPort());
            if (body != null) {
                // ApiVersions answers always carry header v0: clients read it before they know the version.
                short headerVersion = apiKey == ApiKeys.API_VERSIONS ? 0 : apiKey.responseHeaderVersion(header.apiVersion());
                writeFrame(ctx, header.correlationId(), headerVersion, body, header.apiVersion());
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("produce sink: closing " + ctx.channel().remoteAddress() + ": " + cause);
        ctx.close();
    }

    /** The frame's parts (size, header, body), written in order and flushed once. */
    private static void writeFrame(ChannelHandlerContext ctx, int correlationId, short headerVersion, ApiMessage body,
                                   short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        SinkFrameWriter out = new SinkFrameWriter(ctx.alloc(), Math.min(4 + size, 4096));
        out.writeInt(size);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        for (Object part : out.finish()) {
            ctx.write(part, ctx.voidPromise());
        }
        ctx.flush();
    }
}
