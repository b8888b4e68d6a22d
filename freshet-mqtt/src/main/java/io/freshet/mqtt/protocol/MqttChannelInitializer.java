package io.freshet.mqtt.protocol;

import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.session.SessionManager;
import io.netty.channel.ChannelInitializer;
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
 * The pipeline of every MQTT socket, and the count of open connections.
 *
 * <pre>
 *   socket -> FlushConsolidation -> ProtocolLevelSniffer (first bytes only) -> MqttDecoder (max mqtt.max.packet.size,
 *          strict UTF-8) -> MqttEncoder -> MqttConnection -> session layer
 *   beyond mqtt.max.connections:  ... -> MqttDecoder (small) -> OverLimitConnection (CONNACK refusal, close)
 * </pre>
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
        channel.pipeline().addLast("flush", new FlushConsolidationHandler(256, true));
        channel.pipeline().addLast("level", new ProtocolLevelSniffer());
        if (open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            channel.pipeline().addLast("decoder",
                new MqttDecoder(Math.min(config.maxPacketSize(), REFUSED_CONNECT_MAX_BYTES)));
            channel.pipeline().addLast("encoder", MqttEncoder.INSTANCE);
            channel.pipeline().addLast("refuse", new OverLimitConnection(config.maxConnections()));
            return;
        }
        MqttConnection connection = new MqttConnection(config, sessions);
        connections.add(connection);
        channel.closeFuture().addListener(f -> {
            connections.remove(connection);
            open.decrementAndGet();
        });
        channel.pipeline().addLast("decoder", new MqttDecoder(config.maxPacketSize()));
        channel.pipeline().addLast("encoder", MqttEncoder.INSTANCE);
        channel.pipeline().addLast("mqtt", connection);
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
}
