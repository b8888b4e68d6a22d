package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.DisconnectKind;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The session's way to its client over one {@link MqttConnection} ({@link ClientLink}), from its accepted CONNECT
 * on: PUBLISHes built for the client's limits ({@link OutboundPublishes}: Maximum Packet Size, topic aliases) and
 * PUBRELs. The session starts delivering as it attaches, before the CONNACK is written: those PUBLISHes wait here and
 * follow the CONNACK. Owned by the connection's event loop, like the connection.
 */
final class SessionLink implements ClientLink {

    private static final Logger log = LoggerFactory.getLogger(SessionLink.class);

    private final MqttConnection connection;
    private final ChannelHandlerContext ctx;
    private final String clientId;
    private final int version;
    private final ClientLimits client;
    private final OutboundPublishes outbound;
    /** PUBLISHes the session sent before CONNACK went out. */
    private final List<MqttPublishMessage> beforeConnack = new ArrayList<>();
    private boolean connackSent;

    SessionLink(MqttConnection connection, ChannelHandlerContext ctx, String clientId, int version,
                ClientLimits client) {
        this.connection = connection;
        this.ctx = ctx;
        this.clientId = clientId;
        this.version = version;
        this.client = client;
        this.outbound = new OutboundPublishes(version, client.maximumPacketSize(), client.topicAliasMaximum());
    }

    /** Writes the CONNACK, then the PUBLISHes that waited for it, in one flush. */
    void writeConnack(MqttMessage connack) {
        ctx.write(connack, ctx.voidPromise());
        connackSent = true;
        for (MqttPublishMessage publish : beforeConnack) {
            ctx.write(publish, ctx.voidPromise());
        }
        beforeConnack.clear();
        ctx.flush();
    }

    boolean connackSent() {
        return connackSent;
    }

    /** The socket is gone: what waited for the CONNACK is released (the session resends what it owes). */
    void dropUnsent() {
        beforeConnack.forEach(ReferenceCountUtil::release);
        beforeConnack.clear();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public int protocolVersion() {
        return version;
    }

    @Override
    public String remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
            ? address.getHostString() + ":" + address.getPort() : "";
    }

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    @Override
    public int receiveMaximum() {
        return client.receiveMaximum();
    }

    @Override
    public boolean sendPublish(Message message, int packetId, boolean dup, List<Integer> subscriptionIds) {
        if (connection.isClosed()) {
            return true; // still owed: the session resends it on its next connection
        }
        MqttPublishMessage publish = outbound.build(message, packetId, dup, subscriptionIds);
        if (publish == null) {
            log.debug("Client {}: not sending a PUBLISH to {}: larger than its Maximum Packet Size {}", clientId,
                message.topic(), client.maximumPacketSize());
            return false;
        }
        if (!connackSent) {
            beforeConnack.add(publish);
        } else {
            ctx.writeAndFlush(publish, ctx.voidPromise());
        }
        return true;
    }

    @Override
    public void sendPubrel(int packetId) {
        if (!connection.isClosed()) {
            ctx.writeAndFlush(Packets.pubrel(packetId), ctx.voidPromise());
        }
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void close(int reasonCode, String reasonString) {
        connection.closeWith(reasonCode, reasonString, DisconnectKind.ABNORMAL);
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
