package io.freshet.http.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A byte stream carried in binary WebSocket frames: the payload of each binary frame (and of its continuation
 * frames) is passed on as a {@link ByteBuf}, where frame boundaries mean nothing; each ByteBuf written becomes one
 * {@link BinaryWebSocketFrame}. A text frame is not part of such a stream: the connection is closed with 1003
 * (MQTT 3.1.1 6.0 and MQTT 5 6.0: "If any other type of data frame is received the recipient MUST close the Network
 * Connection"). Ping, pong and close frames never get here (Netty's protocol handler answers them). One per channel,
 * on its event loop.
 */
final class BinaryFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(BinaryFrameCodec.class);

    private boolean refused;

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (refused) {
            return;
        }
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            if (frame.content().isReadable()) {
                out.add(frame.content().retain());
            }
            return;
        }
        refused = true;
        log.debug("{}: {} on a binary stream, closing", ctx.channel(), frame.getClass().getSimpleName());
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE))
            .addListener(ChannelFutureListener.CLOSE);
    }
}
