package io.freshet.broker.network;

import io.freshet.broker.handler.ApiRouter;
import io.freshet.broker.metrics.RequestObserver;
import io.freshet.security.listener.ListenerEndpoint;
import io.freshet.security.tls.ServerTls;
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
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Kafka listeners: one Netty server socket per entry of {@code listeners} (epoll when the native transport
 * loads, NIO otherwise), sharing one acceptor thread and the worker event loops.
 *
 * <pre>
 *   socket -> [SslHandler: SSL, SASL_SSL] -> FrameDecoder (size prefix, max socket.request.max.bytes)
 *          -> KafkaConnection -> ApiRouter -> handler
 *          <- response frames, in request order  <-------------------------'
 * </pre>
 *
 * <p>Threading: one acceptor thread; {@code availableProcessors} event loop threads, each owning its
 * connections for their whole life. A TLS handshake runs on the connection's event loop (delegated tasks too: they
 * are short with EC and RSA-2048 keys) and must finish within {@value #HANDSHAKE_TIMEOUT_MS} ms.
 */
public final class SocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    private static final long DRAIN_TIMEOUT_MS = 5_000;
    static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    private final List<ListenerEndpoint> listeners;
    private final Function<String, ServerTls> tls;
    private final int maxRequestBytes;
    private final ApiRouter router;
    private final RequestObserver requests;
    private final Set<KafkaConnection> connections = ConcurrentHashMap.newKeySet();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;

    /**
     * @param listeners the listeners to bind, in order
     * @param tls       the TLS of each SSL or SASL_SSL listener, by name
     */
    public SocketServer(List<ListenerEndpoint> listeners, Function<String, ServerTls> tls, int maxRequestBytes,
                        ApiRouter router, RequestObserver requests) {
        this.listeners = List.copyOf(listeners);
        this.tls = tls;
        this.maxRequestBytes = maxRequestBytes;
        this.router = router;
        this.requests = requests;
    }

    /** Connections open now (Kafka's SocketServerMetrics connection-count); read by a scrape, any thread. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Binds every listener; returns them with their bound ports (a configured port 0 picks one), in order.
     * Either all are bound or none is (a failed bind closes those already bound).
     */
    public List<ListenerEndpoint> start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;
        acceptor = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        List<ListenerEndpoint> bound = new ArrayList<>();
        try {
            for (ListenerEndpoint listener : listeners) {
                ServerTls serverTls = listener.tls() ? tls.apply(listener.name()) : null;
                if (listener.tls() && serverTls == null) {
                    throw new IllegalStateException("no TLS configured for listener " + listener.name());
                }
                Channel channel = bootstrap(channelType, listener, serverTls)
                    .bind(listener.host(), listener.port()).sync().channel();
                serverChannels.add(channel);
                int port = ((InetSocketAddress) channel.localAddress()).getPort();
                bound.add(listener.withPort(port));
                log.debug("Listening on {} ({}, {} transport)", listener.withPort(port), listener.protocol(),
                    epoll ? "epoll" : "nio");
            }
        } catch (RuntimeException | InterruptedException e) {
            // Includes a sneaky java.net.BindException: do not leak the bound sockets or the event loop threads.
            serverChannels.forEach(Channel::close);
            serverChannels.clear();
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return bound;
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> channelType, ListenerEndpoint listener,
                                      ServerTls serverTls) {
        return new ServerBootstrap()
            .group(acceptor, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    KafkaConnection connection = new KafkaConnection(router, requests, listener, serverTls);
                    connections.add(connection);
                    channels.add(ch);
                    ch.closeFuture().addListener(f -> connections.remove(connection));
                    ConnectionLimitHandler.install(ch, router.connectionLimits(), listener.name());
                    if (serverTls != null) {
                        InetSocketAddress peer = ch.remoteAddress();
                        SSLEngine engine = serverTls.newServerEngine(peer.getHostString(), peer.getPort());
                        SslHandler ssl = new SslHandler(engine);
                        ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
                        ch.pipeline().addLast("tls", ssl);
                    }
                    ch.pipeline().addLast("frames", new FrameDecoder(maxRequestBytes));
                    ch.pipeline().addLast("kafka", connection);
                }
            });
    }

    /**
     * Stops accepting, lets owed responses go out (up to {@value #DRAIN_TIMEOUT_MS} ms), then closes every
     * connection and stops the event loops.
     */
    @Override
    public void close() throws InterruptedException {
        if (serverChannels.isEmpty()) {
            return;
        }
        for (Channel channel : serverChannels) {
            channel.close().sync();
        }
        long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
        while (!connections.stream().allMatch(KafkaConnection::isIdle) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        channels.close().awaitUninterruptibly(DRAIN_TIMEOUT_MS);
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverChannels.clear();
    }
}
