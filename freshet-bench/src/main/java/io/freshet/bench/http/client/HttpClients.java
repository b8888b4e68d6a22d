package io.freshet.bench.http.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The load client's connections: every HTTP, SSE and WebSocket connection of a run shares {@link #THREADS} event
 * loop threads (epoll when available), so 1,000 subscribers cost no thread each and the client stays small beside
 * the broker on the same 2 cores. One instance per run; {@link #close()} ends every connection still open.
 */
public final class HttpClients implements AutoCloseable {

    /** As many as the machine's cores (2 here), at most 2. */
    public static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /** A producer stops writing above 256 KiB queued in its channel and resumes below 128 KiB. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public HttpClients() {
        group = new MultiThreadIoEventLoopGroup(THREADS, new DefaultThreadFactory("bench-http"),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    public String transport() {
        return (epoll ? "epoll" : "nio") + ", " + THREADS + " event loop thread(s)";
    }

    /**
     * Connects to 127.0.0.1:{@code port} with the handlers {@code pipeline} adds; {@code onFailure} gets the cause
     * if the TCP connect fails (the handlers never see that).
     */
    public ChannelFuture connect(int port, Consumer<Channel> pipeline, Consumer<Throwable> onFailure) {
        ChannelHandler init = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                pipeline.accept(ch);
            }
        };
        ChannelFuture future = bootstrap.clone().handler(init).connect("127.0.0.1", port);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                onFailure.accept(f.cause());
            }
        });
        return future;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
