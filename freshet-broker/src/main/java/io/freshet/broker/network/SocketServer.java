package io.freshet.broker.network;

import io.freshet.broker.handler.ApiRouter;
import io.freshet.broker.metrics.RequestObserver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener: a Netty server (epoll when the native transport loads, NIO otherwise).
 *
 * <pre>
 *   socket -> FrameDecoder (size prefix, max socket.request.max.bytes) -> KafkaConnection -> ApiRouter -> handler
 *          <- response frames, in request order  <-------------------------'
 * </pre>
 *
 * <p>Threading: one acceptor thread; {@code availableProcessors} event loop threads, each owning its
 * connections for their whole life.
 */
public final class SocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    private static final long DRAIN_TIMEOUT_MS = 5_000;

    private final String host;
    private final int port;
    private final int maxRequestBytes;
    private final ApiRouter router;
    private final RequestObserver requests;
    private final Set<KafkaConnection> connections = ConcurrentHashMap.newKeySet();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public SocketServer(String host, int port, int maxRequestBytes, ApiRouter router, RequestObserver requests) {
        this.host = host;
        this.port = port;
        this.maxRequestBytes = maxRequestBytes;
        this.router = router;
        this.requests = requests;
    }

    /** Connections open now (Kafka's SocketServerMetrics connection-count); read by a scrape, any thread. */
    public int connectionCount() {
        return connections.size();
    }

    /** Binds the listener; returns the bound port (useful when the configured port is 0). */
    public int start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;
        acceptor = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptor, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    KafkaConnection connection = new KafkaConnection(router, requests);
                    connections.add(connection);
                    channels.add(ch);
                    ch.closeFuture().addListener(f -> connections.remove(connection));
                    ConnectionLimitHandler.install(ch, router.connectionLimits(), "PLAINTEXT");
                    ch.pipeline().addLast("frames", new FrameDecoder(maxRequestBytes));
                    ch.pipeline().addLast("kafka", connection);
                }
            });
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            // Includes a sneaky java.net.BindException: do not leak the event loop threads of a failed start.
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.debug("Listening on {}:{} ({} transport)", host, bound, epoll ? "epoll" : "nio");
        return bound;
    }

    /**
     * Stops accepting, lets owed responses go out (up to {@value #DRAIN_TIMEOUT_MS} ms), then closes every
     * connection and stops the event loops.
     */
    @Override
    public void close() throws InterruptedException {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().sync();
        long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
        while (!connections.stream().allMatch(KafkaConnection::isIdle) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        channels.close().awaitUninterruptibly(DRAIN_TIMEOUT_MS);
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverChannel = null;
    }
}
