package io.freshet.mqtt.protocol;

import io.freshet.mqtt.MqttConfig;
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

    private final MqttConfig config;
    private final SessionManager sessions;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();

    public MqttChannelInitializer(MqttConfig config, SessionManager sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
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
        MqttConnection connection = new MqttConnection(config, sessions);
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
