package io.freshet.mqtt.protocol;

import io.freshet.gateway.ListenerTls;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.mapping.TopicMapper;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.util.Map;
import io.freshet.mqtt.session.SessionManager;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MQTT handlers of every connection, whatever carries its bytes, and the count of open connections.
 *
 * <pre>
 *   bytes -> FlushConsolidation -> ProtocolLevelSniffer (first bytes only) -> MqttDecoder (max mqtt.max.packet.size,
 *         strict UTF-8) -> MqttEncoder -> MqttConnection -> session layer
 *   beyond mqtt.max.connections:  ... -> MqttDecoder (small) -> OverLimitConnection (CONNACK refusal, close)
 * </pre>
 *
 * <p>The bytes come from a socket of the MQTT listener ({@link #initChannel}) or, for MQTT over WebSocket, from
 * another listener's channel whose handlers already turn WebSocket frames into bytes ({@link #install}): both get the
 * same handlers and count against the same {@code mqtt.max.connections}, and {@link #shutdownConnections()} ends
 * both.
 *
 * <p>The decoder reads the fixed header's remaining length first and refuses a packet larger than the limit before
 * buffering its body (MQTT 5: DISCONNECT 0x95 Packet too large, 3.1.1: close). Thread-safe.
 */
public final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** A CONNECT beyond the connection limit is read only to answer it: a small one is enough. */
    private static final int REFUSED_CONNECT_MAX_BYTES = 64 * 1024;

    /** The name of the listener ({@code MQTT}, {@code MQTTS}) that accepted a socket. */
    public static final AttributeKey<String> LISTENER = AttributeKey.valueOf("freshet.mqtt.listener");

    private final MqttConfig config;
    private final SessionManager sessions;
    private final MqttAuthenticator authenticator;
    private final TopicMapper mapper;
    private final Map<String, ListenerTls> tls;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();

    /** {@code tls}: the TLS of each TLS listener, by name; sockets of the others are plain. */
    public MqttChannelInitializer(MqttConfig config, SessionManager sessions, MqttAuthenticator authenticator,
                                  TopicMapper mapper, Map<String, ListenerTls> tls) {
        this.config = config;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.tls = Map.copyOf(tls);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ListenerTls listenerTls = tls.get(channel.attr(LISTENER).get());
        if (listenerTls != null) {
            // First in the pipeline: everything after it sees plain bytes. The handshake must finish within 10 s.
            SslHandler ssl = new SslHandler(listenerTls.newEngine());
            ssl.setHandshakeTimeoutMillis(10_000);
            channel.pipeline().addLast("ssl", ssl);
        }
        install(channel.pipeline());
    }

    /**
     * Adds the MQTT handlers at the end of {@code pipeline}, whose last handler so far passes on the connection's
     * bytes as {@link io.netty.buffer.ByteBuf}s and writes the ByteBufs it is given. Call it on the channel's event
     * loop; the connection counts until the channel closes.
     */
    public void install(ChannelPipeline pipeline) {
        Channel channel = pipeline.channel();
        pipeline.addLast("mqtt-flush", new FlushConsolidationHandler(256, true));
        pipeline.addLast("mqtt-level", new ProtocolLevelSniffer());
        if (open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            pipeline.addLast("mqtt-decoder",
                new MqttDecoder(Math.min(config.maxPacketSize(), REFUSED_CONNECT_MAX_BYTES)));
            pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
            pipeline.addLast("mqtt-refuse", new OverLimitConnection(config.maxConnections()));
            return;
        }
        MqttConnection connection = new MqttConnection(config, sessions, authenticator, mapper);
        connections.add(connection);
        channel.closeFuture().addListener(f -> {
            connections.remove(connection);
            open.decrementAndGet();
        });
        pipeline.addLast("mqtt-decoder", new MqttDecoder(config.maxPacketSize()));
        pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("mqtt", connection);
    }

    /** Connections counted against {@code mqtt.max.connections} now. */
    public int openConnections() {
        return open.get();
    }

    /** Ends every connection with DISCONNECT 0x8B Server shutting down (MQTT 5); sessions stay. */
    public void shutdownConnections() {
        List<MqttConnection> all = new ArrayList<>(connections);
        all.forEach(MqttConnection::shutdown);
    }

    /**
     * Ends the connection on {@code channel} as {@link #shutdownConnections()} does (the listener carrying it is
     * stopping), or closes the channel if it has no MQTT connection. Any thread.
     */
    public void shutdown(Channel channel) {
        MqttConnection connection = channel.pipeline().get(MqttConnection.class);
        if (connection != null) {
            connection.shutdown();
        } else {
            channel.close();
        }
    }
}
