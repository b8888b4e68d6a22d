package io.freshet.bench.http.client;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;

/**
 * A WebSocket subscriber: the upgrade on {@code path} (Netty's client handshaker, RFC 6455, no extensions), then
 * one text frame per record (a frame holding {@code "missed"} is a gap). Netty answers pings and close frames.
 * Frames are not checked for valid UTF-8 (a CPU cost the load client does not need: the stamps are ASCII).
 */
public final class WebSocketSubscriber extends FanOutSubscriber {

    private static final int MAX_FRAME = 1 << 20;

    private final URI uri;

    public WebSocketSubscriber(ClientErrors errors, int port, String path, SubscriberTally tally) {
        super(errors, path, tally);
        this.uri = URI.create("ws://127.0.0.1:" + port + path);
    }

    /** The pipeline of a connection: HTTP for the upgrade, the WebSocket client protocol, then this. */
    public void install(Channel ch) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
            .version(WebSocketVersion.V13).maxFramePayloadLength(MAX_FRAME).handshakeTimeoutMillis(30_000)
            .dropPongFrames(true).withUTF8Validator(false).build();
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
            new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME), this);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            accepted();
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            refused("WebSocket handshake timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                onMessage(text.content(), false, System.nanoTime());
            } else if (msg instanceof CloseWebSocketFrame close && !isClosing()) {
                errors.add("close frame from the broker", close.statusCode() + " " + close.reasonText());
            } else if (msg instanceof WebSocketFrame frame && !(msg instanceof CloseWebSocketFrame)) {
                errors.add("unexpected frame", frame.getClass().getSimpleName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
