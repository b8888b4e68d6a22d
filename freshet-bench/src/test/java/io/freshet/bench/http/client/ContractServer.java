package io.freshet.bench.http.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the server side of the HTTP contract, just enough to drive the load client in a test:
 * v3 streaming produce (one report line per record object, sent as each arrives), v2 batch produce (one offset
 * per record), and {@code records:stream} as SSE or, with an upgrade, WebSocket, to which {@link #push} sends
 * one event or text frame to every subscriber.
 */
final class ContractServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup sse = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ChannelGroup webSockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private long nextOffset;

    ContractServer() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                }
            }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Sends one record (SSE: with an id) or a gap to every subscriber. */
    void push(String json, boolean gap) {
        String event = gap ? "event: gap\ndata: " + json + "\n\n"
            : "id: 0:" + (++nextOffset) + "\ndata: " + json + "\n\n";
        sse.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(event, StandardCharsets.UTF_8)));
        webSockets.writeAndFlush(new TextWebSocketFrame(json));
    }

    int subscribers() {
        return sse.size() + webSockets.size();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {

        private String path;
        private JsonObjectSplitter reports;
        private long offset;
        private ByteBuf body;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                if (msg instanceof HttpRequest request) {
                    path = request.uri();
                    if (path.contains("records:stream")) {
                        stream(ctx, request);
                        return;
                    }
                    if (path.endsWith("/records")) {
                        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                        ctx.writeAndFlush(response);
                        reports = new JsonObjectSplitter((buf, from, to) -> ctx.write(new DefaultHttpContent(
                            Unpooled.copiedBuffer("{\"error_code\":200,\"partition_id\":0,\"offset\":" + offset++
                                + ",\"value\":{\"type\":\"BINARY\",\"size\":100}}\n", StandardCharsets.UTF_8))));
                    } else {
                        body = Unpooled.buffer();
                    }
                }
                if (msg instanceof HttpContent content) {
                    if (reports != null) {
                        reports.feed(content.content());
                        ctx.flush();
                    } else if (body != null) {
                        body.writeBytes(content.content());
                    }
                    if (msg instanceof LastHttpContent) {
                        end(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void end(ChannelHandlerContext ctx) throws Exception {
            if (reports != null) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                reports = null;
                return;
            }
            int n = JSON.readTree((java.io.InputStream) new ByteBufInputStream(body, true)).path("records").size();
            body = null;
            StringBuilder json = new StringBuilder("{\"offsets\":[");
            for (int i = 0; i < n; i++) {
                json.append(i == 0 ? "" : ",").append("{\"partition\":0,\"offset\":").append(offset++)
                    .append(",\"error_code\":null,\"error\":null}");
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(json.append("]}"), StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.kafka.v2+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }

        private void stream(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.headers().contains(HttpHeaderNames.UPGRADE)) {
                WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    "ws://127.0.0.1" + request.uri(), null, false).newHandshaker(request);
                DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                    request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), request.headers().copy().clear());
                handshaker.handshake(ctx.channel(), full).addListener(f -> webSockets.add(ctx.channel()));
                ctx.pipeline().remove(this);
                return;
            }
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.writeAndFlush(response).addListener(f -> sse.add(ctx.channel()));
        }
    }
}
