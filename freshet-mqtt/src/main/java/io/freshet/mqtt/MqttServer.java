package io.freshet.mqtt;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.GatewaySettings;
import io.freshet.gateway.ListenerTls;
import io.freshet.mqtt.protocol.MqttAuthenticator;
import io.freshet.security.Security;
import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import javax.net.ssl.SSLSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;
import io.freshet.mqtt.delivery.Deliveries;
import io.freshet.mqtt.delivery.DeliveryService;
import io.freshet.mqtt.mapping.RuleBasedTopicMapper;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.protocol.MqttChannelInitializer;
import io.freshet.mqtt.retained.RetainedMessages;
import io.freshet.mqtt.retained.RetainedStore;
import io.freshet.mqtt.session.SessionManager;
import io.freshet.mqtt.session.SessionSnapshot;
import io.freshet.mqtt.state.StateStore;
import io.freshet.mqtt.state.StateTopic;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
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
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT listener: a Netty server (epoll when the native transport loads, NIO otherwise) in front of the session
 * layer, which reaches the log only through {@link EventLog}.
 *
 * <pre>
 *   start: __mqtt_sessions (StateTopic) -> __mqtt_retained (RetainedStore) -> mapping rules -> DeliveryService
 *          -> SessionManager (restores persistent sessions) -> bind
 *   close: stop accepting -> DISCONNECT 0x8B to every connection -> session timers -> delivery, stores
 * </pre>
 *
 * <p>Threading: one acceptor thread; {@code availableProcessors} event loop threads, each owning its connections
 * and the sessions attached to them.
 */
public final class MqttServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final Parts parts;
    private final SessionManager sessions;
    private final MqttChannelInitializer channels;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final List<Channel> serverChannels;
    private final Map<String, Integer> boundPorts;
    private final ExecutorService authentication;
    private final int boundPort;
    /** Volatile: {@link #installOn} reads it on other listeners' event loops. */
    private volatile boolean closed;

    /**
     * What the listener runs on: the log, and the layers below the session layer built on it. {@code owned} are
     * closed with the server, last one first.
     */
    record Parts(EventLog log, TopicMapper mapper, StateStore state, RetainedMessages retained,
                 Deliveries deliveries, Time time, List<AutoCloseable> owned) {
    }

    private MqttServer(Parts parts, SessionManager sessions, MqttChannelInitializer channels, EventLoopGroup acceptor,
                       EventLoopGroup workers, Map<String, Channel> serverChannels, ExecutorService authentication) {
        this.parts = parts;
        this.sessions = sessions;
        this.channels = channels;
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannels = List.copyOf(serverChannels.values());
        this.authentication = authentication;
        Map<String, Integer> ports = new LinkedHashMap<>();
        serverChannels.forEach((name, channel) -> ports.put(name,
            ((InetSocketAddress) channel.localAddress()).getPort()));
        this.boundPorts = Map.copyOf(ports);
        this.boundPort = ports.values().iterator().next();
    }

    /**
     * Opens the MQTT state topics on {@code log} (creating them if needed), restores the persistent sessions and
     * binds {@code config.host():config.port()}; returns once clients can connect.
     *
     * @throws IllegalArgumentException naming {@code mqtt.topic.mapping} if a mapping rule is bad
     */
    public static MqttServer start(MqttConfig config, EventLog log) {
        return start(config, log, Time.SYSTEM);
    }

    /** As {@link #start(MqttConfig, EventLog)}, with session expiry, will delays and message expiry on {@code time}. */
    public static MqttServer start(MqttConfig config, EventLog log, Time time) {
        return start(config, log, time, Security.none(), name -> {
            throw new IllegalArgumentException(MqttConfig.LISTENERS + ": no TLS configured for " + name);
        });
    }

    /**
     * As {@link #start(MqttConfig, EventLog, Time)}, with {@code security}'s users (CONNECT user name and password)
     * and ACLs, and {@code tls} giving the TLS of each {@code MQTTS} listener by its name.
     */
    public static MqttServer start(MqttConfig config, EventLog log, Time time, Security security,
                                   Function<String, ListenerTls> tls) {
        return start(config, log, time, security.authorizer(), security.passwords(), tls);
    }

    /** As {@link #start(MqttConfig, EventLog, Time, Security, Function)}, with the users and ACLs given apart. */
    public static MqttServer start(MqttConfig config, EventLog log, Time time, Authorizer authorizer,
                                   PasswordCheck passwords, Function<String, ListenerTls> tls) {
        RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse(config.mappingRules());
        StateTopic state = StateTopic.open(log, MqttConfig.SESSIONS_TOPIC).join();
        RetainedStore retained = RetainedStore.open(log, MqttConfig.RETAINED_TOPIC, time).join();
        DeliveryService deliveries = new DeliveryService(log, mapper, retained, state, config, time);
        try {
            return start(config, new Parts(log, mapper, state, retained, deliveries, time,
                List.of(state, retained, deliveries)), authorizer, passwords, tls);
        } catch (RuntimeException e) {
            deliveries.close();
            retained.close();
            state.close();
            throw e;
        }
    }

    /** Restores the sessions and binds {@code config.host():config.port()}; returns once clients can connect. */
    static MqttServer start(MqttConfig config, Parts parts, Authorizer authorizer, PasswordCheck passwords,
                            Function<String, ListenerTls> tls) {
        if (config.listeners().isEmpty()) {
            throw new IllegalArgumentException(MqttConfig.LISTENERS + ": no listener to start");
        }
        Map<String, ListenerTls> tlsByName = new LinkedHashMap<>();
        for (GatewaySettings.NamedListener listener : config.listeners()) {
            if (listener.tls()) {
                tlsByName.put(listener.name(), tls.apply(listener.name()));
            }
        }
        SessionManager sessions = new SessionManager(parts.log(), parts.mapper(), parts.state(), parts.retained(),
            parts.deliveries(), parts.time());
        sessions.start();
        // Password checks may cost PBKDF2 (SCRAM) or a login to a cluster: never on an event loop. Bounded: a flood
        // of CONNECTs waits here. As many threads as the check says it can use (a pool grows past its core size only
        // when its queue is full, so core = max), ended when idle.
        int checkThreads = Math.max(1, passwords.concurrency());
        ThreadPoolExecutor authentication = new ThreadPoolExecutor(checkThreads, checkThreads, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000), new DefaultThreadFactory("mqtt-auth", true),
            new ThreadPoolExecutor.AbortPolicy());
        authentication.allowCoreThreadTimeOut(true);
        MqttAuthenticator authenticator = new MqttAuthenticator(passwords, authorizer,
            config.allowAnonymous(), authentication, session -> certificatePrincipal(tlsByName, session));
        MqttChannelInitializer channels = new MqttChannelInitializer(config, sessions, authenticator,
            parts.mapper(), tlsByName);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-accept"), io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
            new DefaultThreadFactory("mqtt-io"), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptor, workers)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
            .childHandler(channels);
        Map<String, Channel> bound = new LinkedHashMap<>();
        try {
            for (GatewaySettings.NamedListener listener : config.listeners()) {
                ServerBootstrap one = bootstrap.clone().childAttr(MqttChannelInitializer.LISTENER, listener.name());
                bound.put(listener.name(), one.bind(listener.host(), listener.port()).sync().channel());
            }
            MqttServer server = new MqttServer(parts, sessions, channels, acceptor, workers, bound, authentication);
            log.debug("MQTT listeners {} ({} transport)", server.boundPorts, epoll ? "epoll" : "nio");
            return server;
        } catch (RuntimeException | InterruptedException e) {
            // Includes a sneaky java.net.BindException: do not leak the event loop threads of a failed start.
            bound.values().forEach(Channel::close);
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            authentication.shutdownNow();
            sessions.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while binding the MQTT listener", e);
            }
            throw (RuntimeException) e;
        }
    }

    /** A client certificate's principal: every MQTTS listener names it by the same rules, so any one will do. */
    private static KafkaPrincipal certificatePrincipal(Map<String, ListenerTls> tls, SSLSession session) {
        return tls.values().iterator().next().principal(session);
    }

    /** The bound port of each listener by its name ({@code MQTT}, {@code MQTTS}), in configured order. */
    public Map<String, Integer> boundPorts() {
        return boundPorts;
    }

    /** The first listener's port (the configured one, or the ephemeral one when configured as 0). */
    public int boundPort() {
        return boundPort;
    }

    /** Connections open now (counted against {@code mqtt.max.connections}). */
    public int openConnections() {
        return channels.openConnections();
    }

    /**
     * Makes a connection of another listener an MQTT connection of this one: MQTT over WebSocket, whose channel's
     * handlers so far turn binary WebSocket frames into bytes and bytes into frames. The MQTT handlers go at the end
     * of {@code pipeline}; the connection counts against {@code mqtt.max.connections}, and {@link #close()} ends it
     * as it ends the listener's own (DISCONNECT 0x8B). After {@link #close()} the channel is closed instead. Call it
     * on the channel's event loop.
     */
    public void installOn(ChannelPipeline pipeline) {
        if (closed) {
            pipeline.channel().close();
            return;
        }
        channels.install(pipeline);
    }

    /**
     * Ends the MQTT connection on {@code channel} (one {@link #installOn} made) as {@link #close()} would: DISCONNECT
     * 0x8B Server shutting down, the session kept and its will not published. For the listener carrying it, when
     * that one stops first. Any thread.
     */
    public void shutdown(Channel channel) {
        channels.shutdown(channel);
    }

    SessionManager sessions() {
        return sessions;
    }

    /**
     * The sessions as an operator sees them (the web console), by client id; waits up to {@code timeoutMs} for the
     * connections' event loops. Never call it on one of them.
     */
    public List<SessionSnapshot> sessionSnapshots(long timeoutMs) {
        return sessions.snapshot(timeoutMs);
    }

    /** The state store ({@code __mqtt_sessions}) the sessions write, for tests to look at. */
    StateStore state() {
        return parts.state();
    }

    /**
     * Stops accepting, ends every connection with DISCONNECT 0x8B Server shutting down, and stops. Persistent
     * sessions lose nothing: their state is in {@code __mqtt_sessions} and their positions are durable.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannels.forEach(channel -> channel.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS));
        channels.shutdownConnections();
        long deadline = System.currentTimeMillis() + CLOSE_TIMEOUT_MS;
        while (channels.openConnections() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5); // connections close on their own event loops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sessions.close();
        authentication.shutdownNow();
        List<AutoCloseable> owned = new ArrayList<>(parts.owned());
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                log.warn("Error while closing {}", owned.get(i), e);
            }
        }
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_TIMEOUT_MS);
    }
}
