package io.freshet.http;

import io.freshet.http.routing.Router;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener: Netty's HTTP/1.1 codec (epoll when the native transport loads, NIO otherwise) in front of the
 * REST, event-stream and WebSocket APIs, which reach topics only through {@link io.freshet.gateway.EventLog}.
 *
 * <pre>
 *   start: route table (HttpRoutes) -> bind
 *   close: stop accepting -> close every connection (streams end, clients reconnect elsewhere) -> APIs' resources
 * </pre>
 *
 * <p>Threading: one acceptor thread; {@code availableProcessors} event loop threads, each owning its connections.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final HttpChannelInitializer channels;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final List<AutoCloseable> owned;
    private final int boundPort;
    private boolean closed;

    private HttpServer(HttpChannelInitializer channels, EventLoopGroup acceptor, EventLoopGroup workers,
                       Channel serverChannel, List<AutoCloseable> owned) {
        this.channels = channels;
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.owned = owned;
        this.boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Binds {@code config.host():config.port()}; returns once clients can connect. */
    public static HttpServer start(HttpConfig config, HttpBackends backends) {
        List<AutoCloseable> owned = new ArrayList<>();
        Router router = HttpRoutes.build(config, backends, owned);
        HttpChannelInitializer channels = new HttpChannelInitializer(config, router);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("http-accept"), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
            new DefaultThreadFactory("http-io"), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptor, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
            .childHandler(channels);
        try {
            Channel serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
            HttpServer server = new HttpServer(channels, acceptor, workers, serverChannel, owned);
            log.debug("HTTP listener on {}:{} ({} transport)", config.host(), server.boundPort,
                epoll ? "epoll" : "nio");
            return server;
        } catch (RuntimeException | InterruptedException e) {
            // Includes a sneaky java.net.BindException: do not leak the event loop threads of a failed start.
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            closeAll(owned);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while binding the HTTP listener", e);
            }
            throw (RuntimeException) e;
        }
    }

    /** The port the listener is bound to (the configured one, or the ephemeral one when configured as 0). */
    public int boundPort() {
        return boundPort;
    }

    /** The API of this type the server runs (for tests and metrics), if it runs one. */
    public <T> java.util.Optional<T> api(Class<T> type) {
        return owned.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Connections open now. */
    public int openConnections() {
        return channels.openConnections();
    }

    /** Stops accepting, closes every connection, then what the APIs hold (consumer instances). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        channels.closeAll(CLOSE_TIMEOUT_MS);
        closeAll(owned);
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_TIMEOUT_MS);
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                log.warn("Error while closing {}", owned.get(i), e);
            }
        }
    }
}
