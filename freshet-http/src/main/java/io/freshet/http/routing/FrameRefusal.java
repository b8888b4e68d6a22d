package io.freshet.http.routing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Refuses a WebSocket frame that Netty's decoder rejected (over {@code http.max.request.bytes}: 1009; malformed:
 * 1002) with a lingering close: the close frame is sent, and what the client still has in flight (the rest of the
 * oversized frame) is read and dropped (the decoder discards everything once it is corrupt) until the client closes
 * or {@link #LINGER_MILLIS} pass. Closing at once would leave those bytes unread, the kernel would answer them with
 * a reset, and the client could lose the close frame and see only "connection reset". Sits right after the frame
 * decoder, on the channel's event loop.
 */
final class FrameRefusal extends ChannelInboundHandlerAdapter {

    static final long LINGER_MILLIS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(FrameRefusal.class);

    private boolean refused;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof CorruptedWebSocketFrameException corrupt)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (refused) {
            return;
        }
        refused = true;
        log.debug("{}: refusing a frame: {}", ctx.channel(), corrupt.getMessage());
        WebSocketCloseStatus status = corrupt.closeStatus() != null
            ? corrupt.closeStatus() : WebSocketCloseStatus.PROTOCOL_ERROR;
        ctx.writeAndFlush(new CloseWebSocketFrame(status));
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
