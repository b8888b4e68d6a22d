package io.freshet.bench.http.client;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket subscriber (RFC 6455, no extensions): the upgrade request on {@code path} through Netty's HTTP client
 * codec, which after the 101 answer passes the socket's bytes through untouched; then the frames are read in place
 * here: a text frame is a record (or a gap, when it holds {@code "missed"}), a ping is answered with a pong, a
 * close ends the stream. Nothing is sent but pongs.
 *
 * <p>Design note: a frame reader of its own rather than Netty's WebSocket decoder, so that the load client copies
 * nothing per frame and holds at most one frame of {@link #MAX_FRAME} per connection: with 1,000 subscribers far
 * behind, Netty's decoder let each connection's read buffer grow to megabytes (seen: 3 MB each, the client out of
 * direct memory). A frame longer than that, a masked or fragmented frame from the server, or a binary one, is
 * counted as an error (the contract: one small text frame per record).
 */
public final class WebSocketSubscriber extends FanOutSubscriber {

    static final int MAX_FRAME = 64 * 1024;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final String key = Base64.getEncoder().encodeToString(randomBytes(16));
    private ByteBuf pending;
    private boolean upgraded;
    private long protocolErrors;

    public WebSocketSubscriber(ClientErrors errors, String path, SubscriberTally tally) {
        super(errors, path, tally);
    }

    /** The pipeline of a connection: the HTTP codec (for the upgrade; a pass-through after it), then this. */
    public void install(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1")
            .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
            .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key)
            .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                onUpgradeAnswer(ctx, response);
            } else if (msg instanceof ByteBuf bytes && upgraded) {
                frames(ctx, bytes);
            }
            // the 101's (empty) LastHttpContent and anything before the upgrade: nothing to do
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onUpgradeAnswer(ChannelHandlerContext ctx, HttpResponse response) {
        String accept = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, "");
        if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            refused("upgrade answered " + response.status());
        } else if (!accept.equals(expectedAccept(key))) {
            refused("upgrade answered a wrong Sec-WebSocket-Accept: " + accept);
        } else {
            upgraded = true;
            // from now on raw frames go out (pongs) and come in (the decoder passes bytes through after a 101)
            ctx.pipeline().get(HttpClientCodec.class).removeOutboundHandler();
            pending = Unpooled.buffer(4096);
            accepted();
        }
    }

    /** Handles every whole frame that arrived; keeps a partial one (at most one frame) for the next read. */
    private void frames(ChannelHandlerContext ctx, ByteBuf bytes) {
        long now = System.nanoTime();
        if (!pending.isReadable()) {
            readFrames(ctx, bytes, now);
            if (bytes.isReadable() && ctx.channel().isActive()) {
                pending.clear().writeBytes(bytes);
            }
            return;
        }
        pending.writeBytes(bytes);
        readFrames(ctx, pending, now);
        pending.discardReadBytes();
    }

    private void readFrames(ChannelHandlerContext ctx, ByteBuf in, long now) {
        while (in.readableBytes() >= 2) {
            int start = in.readerIndex();
            int b0 = in.getUnsignedByte(start);
            int b1 = in.getUnsignedByte(start + 1);
            int header = 2;
            long length = b1 & 0x7f;
            if (length == 126) {
                if (in.readableBytes() < 4) {
                    return;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (in.readableBytes() < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            boolean masked = (b1 & 0x80) != 0;
            if (masked || length > MAX_FRAME) {
                protocolError(ctx, masked ? "masked frame from the server" : "frame of " + length + " bytes");
                return;
            }
            if (in.readableBytes() < header + length) {
                return;
            }
            int payload = start + header;
            in.readerIndex(payload + (int) length);
            frame(ctx, b0, in.slice(payload, (int) length), now);
            if (!ctx.channel().isActive()) {
                return;
            }
        }
    }

    private void frame(ChannelHandlerContext ctx, int b0, ByteBuf payload, long now) {
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        switch (opcode) {
            case 0x1 -> {
                if (!fin) {
                    protocolError(ctx, "fragmented text frame");
                    return;
                }
                onMessage(payload, false, now);
            }
            case 0x9 -> ctx.writeAndFlush(pong(ctx, payload), ctx.voidPromise());
            case 0xA -> { }
            case 0x8 -> {
                if (!isClosing()) {
                    errors.add("close frame from the server", payload.readableBytes() >= 2
                        ? Integer.toString(payload.getUnsignedShort(payload.readerIndex())) : "no status");
                }
                close();
            }
            default -> protocolError(ctx, "unexpected frame, opcode " + opcode);
        }
    }

    private void protocolError(ChannelHandlerContext ctx, String what) {
        if (protocolErrors++ == 0) {
            errors.add("WebSocket protocol error", what);
        }
        close();
    }

    /** A client frame must be masked; a mask of zeros leaves the payload as it is. */
    private static ByteBuf pong(ChannelHandlerContext ctx, ByteBuf ping) {
        int n = Math.min(ping.readableBytes(), 125);
        ByteBuf out = ctx.alloc().buffer(6 + n);
        out.writeByte(0x8A).writeByte(0x80 | n).writeInt(0).writeBytes(ping, ping.readerIndex(), n);
        return out;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        super.channelInactive(ctx);
    }

    static String expectedAccept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
