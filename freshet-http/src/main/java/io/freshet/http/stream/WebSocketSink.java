package io.freshet.http.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * A stream written as WebSocket text frames: a record's frame is the same JSON an SSE event carries (it names its
 * partition and offset, so a client can resume with {@code from=0:13,1:7}); a gap is {@code {"gap":{"partition_id":0,
 * "missed":5}}}. Record frames are the batch's ready-made bytes, shared by every subscriber. An idle stream gets a
 * ping. Event loop only.
 */
final class WebSocketSink implements StreamSink {

    private final ChannelHandlerContext ctx;
    private final Heartbeat heartbeat = new Heartbeat(this::ping);

    WebSocketSink(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void begin(long heartbeatMs) {
        heartbeat.start(ctx.executor(), heartbeatMs);
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void records(EncodedBatch batch, int from, long[] positions, SharedSse shared) {
        heartbeat.wrote();
        ctx.write(batch.framesFrom(from), ctx.voidPromise());
    }

    @Override
    public void gap(int partition, long missed, long[] positions) {
        heartbeat.wrote();
        ctx.write(new TextWebSocketFrame("{\"gap\":" + RecordJson.gap(partition, missed) + "}"), ctx.voidPromise());
    }

    /** A delivery report (or an array of them) for frames the client sent. */
    void report(String json) {
        heartbeat.wrote();
        ctx.writeAndFlush(new TextWebSocketFrame(json), ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    private void ping() {
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER), ctx.voidPromise());
        }
    }

    @Override
    public void end(String reason) {
        heartbeat.stop();
        String text = reason == null ? "" : reason.length() > 120 ? reason.substring(0, 120) : reason;
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, text))
            .addListener(ChannelFutureListener.CLOSE);
    }

    void stop() {
        heartbeat.stop();
    }
}
