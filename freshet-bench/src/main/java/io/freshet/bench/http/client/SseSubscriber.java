package io.freshet.bench.http.client;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;

/**
 * A Server-Sent Events subscriber: {@code GET path} with {@code Accept: text/event-stream}, then every event of
 * the response body through {@link SseParser}: {@code event: gap} is a gap, any other event's data a record.
 * A record event without an {@code id:} line breaks the contract (a reconnect could not resume) and is counted.
 */
public final class SseSubscriber extends FanOutSubscriber implements SseParser.Listener {

    private final SseParser parser = new SseParser(this);
    private boolean accepted;
    private long now;
    private long withoutId;

    public SseSubscriber(ClientErrors errors, String path, SubscriberTally tally) {
        super(errors, path, tally);
    }

    /** The pipeline of a connection: the HTTP codec, then this. */
    public void install(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1").set(HttpHeaderNames.ACCEPT, "text/event-stream");
        ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
                if (!response.status().equals(HttpResponseStatus.OK) || !type.startsWith("text/event-stream")) {
                    refused(response.status() + ", Content-Type " + type);
                    return;
                }
                accepted = true;
                accepted();
            }
            if (msg instanceof HttpContent content && accepted) {
                now = System.nanoTime();
                parser.feed(content.content());
                if (msg instanceof LastHttpContent && !isClosing()) {
                    errors.add("event stream ended by the broker", path);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onEvent(String type, ByteBuf data, boolean hasId) {
        boolean gap = "gap".equals(type);
        if (!gap && !hasId) {
            withoutId++;
            if (withoutId == 1) {
                errors.add("event without an id: line", path);
            }
        }
        onMessage(data, gap, now);
    }
}
