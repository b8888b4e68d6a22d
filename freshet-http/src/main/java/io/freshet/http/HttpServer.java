package io.freshet.http;

import io.freshet.gateway.GatewaySettings;
import io.freshet.gateway.ListenerTls;
import io.freshet.http.security.HttpAuthenticator;
import io.freshet.security.Security;
import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;

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
    private final List<Channel> serverChannels;
    private final Map<String, Integer> boundPorts;
    private final ExecutorService authentication;
    private final List<AutoCloseable> owned;
    private final int boundPort;
    private boolean closed;

    private HttpServer(HttpChannelInitializer channels, EventLoopGroup acceptor, EventLoopGroup workers,
                       Map<String, Channel> serverChannels, ExecutorService authentication,
                       List<AutoCloseable> owned) {
        this.channels = channels;
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannels = List.copyOf(serverChannels.values());
        this.authentication = authentication;
        this.owned = owned;
        Map<String, Integer> ports = new LinkedHashMap<>();
        serverChannels.forEach((name, channel) -> ports.put(name,
            ((InetSocketAddress) channel.localAddress()).getPort()));
        this.boundPorts = Map.copyOf(ports);
        this.boundPort = ports.values().iterator().next();
    }

    /** Binds {@code config.host():config.port()}; returns once clients can connect. */
    public static HttpServer start(HttpConfig config, HttpBackends backends) {
        return start(config, backends, Security.none(), name -> {
            throw new IllegalArgumentException(HttpConfig.LISTENERS + ": no TLS configured for " + name);
        });
    }

    /**
     * As {@link #start(HttpConfig, HttpBackends)}, with {@code security}'s users (Basic authentication) and ACLs,
     * and {@code tls} giving the TLS of each {@code HTTPS} listener by its name.
     */
    public static HttpServer start(HttpConfig config, HttpBackends backends, Security security,
                                   Function<String, ListenerTls> tls) {
        return start(config, backends, security.authorizer(), security.passwords(), tls);
    }

    /** As {@link #start(HttpConfig, HttpBackends, Security, Function)}, with the users and ACLs given apart. */
    public static HttpServer start(HttpConfig config, HttpBackends backends, Authorizer authorizer,
                                   PasswordCheck passwords, Function<String, ListenerTls> tls) {
        if (config.listeners().isEmpty()) {
            throw new IllegalArgumentException(HttpConfig.LISTENERS + ": no listener to start");
        }
        Map<String, ListenerTls> tlsByName = new LinkedHashMap<>();
        for (GatewaySettings.NamedListener listener : config.listeners()) {
            if (listener.tls()) {
                tlsByName.put(listener.name(), tls.apply(listener.name()));
            }
        }
        List<AutoCloseable> owned = new ArrayList<>();
        Router router = HttpRoutes.build(config, backends, owned);
        // Password checks may cost PBKDF2 (SCRAM) or a login to a cluster: never on an event loop. As many threads as
        // the check says it can use (a pool grows past its core size only when its queue is full, so core = max).
        int checkThreads = Math.max(1, passwords.concurrency());
        ThreadPoolExecutor authentication = new ThreadPoolExecutor(checkThreads, checkThreads, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000), new DefaultThreadFactory("http-auth", true));
        authentication.allowCoreThreadTimeOut(true);
        HttpAuthenticator authenticator = new HttpAuthenticator(passwords, authorizer,
            config.allowAnonymous(), authentication,
            session -> tlsByName.values().iterator().next().principal(session));
        HttpChannelInitializer channels = new HttpChannelInitializer(config, router, authenticator, tlsByName);
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
        Map<String, Channel> bound = new LinkedHashMap<>();
        try {
            for (GatewaySettings.NamedListener listener : config.listeners()) {
                ServerBootstrap one = bootstrap.clone().childAttr(HttpChannelInitializer.LISTENER, listener.name());
                bound.put(listener.name(), one.bind(listener.host(), listener.port()).sync().channel());
            }
            HttpServer server = new HttpServer(channels, acceptor, workers, bound, authentication, owned);
            log.debug("HTTP listeners {} ({} transport)", server.boundPorts, epoll ? "epoll" : "nio");
            return server;
        } catch (RuntimeException | InterruptedException e) {
            // Includes a sneaky java.net.BindException: do not leak the event loop threads of a failed start.
            bound.values().forEach(Channel::close);
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            authentication.shutdownNow();
            closeAll(owned);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while binding the HTTP listener", e);
            }
            throw (RuntimeException) e;
        }
    }

    /** The bound port of each listener by its name ({@code HTTP}, {@code HTTPS}), in configured order. */
    public Map<String, Integer> boundPorts() {
        return boundPorts;
    }

    /** The first listener's port (the configured one, or the ephemeral one when configured as 0). */
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
        serverChannels.forEach(channel -> channel.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS));
        authentication.shutdownNow();
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
