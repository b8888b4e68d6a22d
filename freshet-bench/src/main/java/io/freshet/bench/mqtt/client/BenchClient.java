package io.freshet.bench.mqtt.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT 3.1.1 connection of the load tool, clean session, keep-alive {@link #KEEP_ALIVE_SECONDS} (a PINGREQ
 * every half of it). On its own an idle device; subclasses publish or subscribe. Runs on its channel's event loop
 * only, apart from the volatile flags and the futures the harness waits on. Anything unexpected from the broker
 * is counted in {@link ClientErrors}, never thrown at the harness.
 */
public class BenchClient extends SimpleChannelInboundHandler<MqttMessage> {

    public static final int KEEP_ALIVE_SECONDS = 60;
    private static final MqttMessage PINGREQ =
        new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0));

    protected final ClientErrors errors;
    private final String clientId;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile boolean active;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> pings;

    public BenchClient(String clientId, ClientErrors errors) {
        this.clientId = clientId;
        this.errors = errors;
    }

    public String clientId() {
        return clientId;
    }

    /** Completes on CONNACK 0 (the session is set up); exceptionally on a refusal or a failed socket. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** Connected and not closed by either side. */
    public boolean isOpen() {
        return active && connected.isDone() && !connected.isCompletedExceptionally();
    }

    /** Ends the connection (no DISCONNECT packet: the same for every broker); a close we asked for is no error. */
    public void close() {
        closing = true;
        if (ctx != null) {
            ctx.channel().close();
        }
    }

    protected final ChannelHandlerContext ctx() {
        return ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        active = true;
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).protocolVersion(MqttVersion.MQTT_3_1_1)
            .cleanSession(true).keepAlive(KEEP_ALIVE_SECONDS).build());
        pings = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(PINGREQ), KEEP_ALIVE_SECONDS / 2,
            KEEP_ALIVE_SECONDS / 2, TimeUnit.SECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        active = false;
        if (pings != null) {
            pings.cancel(false);
        }
        if (!closing) {
            errors.add("connection closed by the broker", clientId);
        }
        connected.completeExceptionally(new IOException(clientId + ": connection closed before CONNACK"));
        onClosed();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (msg.decoderResult().isFailure()) {
            errors.add("undecodable packet from the broker", String.valueOf(msg.decoderResult().cause()));
            ctx.close();
            return;
        }
        switch (msg.fixedHeader().messageType()) {
            case CONNACK -> onConnAck((MqttConnAckMessage) msg);
            case PUBACK -> onPubAck(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
            case PUBLISH -> onPublish((MqttPublishMessage) msg);
            case SUBACK -> onSubAck((MqttSubAckMessage) msg);
            case PINGRESP -> { }
            case DISCONNECT -> errors.add("DISCONNECT from the broker", clientId);
            default -> errors.add("unexpected " + msg.fixedHeader().messageType() + " from the broker", clientId);
        }
    }

    /** Writes are batched: whatever the reads of one socket read caused is flushed once. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            errors.add("socket error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        ctx.close();
    }

    void connectFailed(Throwable cause) {
        errors.add("TCP connect failed", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        connected.completeExceptionally(cause);
    }

    private void onConnAck(MqttConnAckMessage msg) {
        MqttConnectReturnCode code = msg.variableHeader().connectReturnCode();
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            errors.add("CONNACK refused: " + code, clientId);
            connected.completeExceptionally(new IOException(clientId + ": CONNACK " + code));
            closing = true;
            ctx.close();
            return;
        }
        onConnected();
        connected.complete(null);
    }

    /** On the event loop, once CONNACK 0 arrived and before {@link #connected()} completes. */
    protected void onConnected() {
    }

    protected void onPubAck(int packetId) {
        errors.add("PUBACK to a client that published nothing", clientId);
    }

    protected void onPublish(MqttPublishMessage msg) {
        errors.add("PUBLISH to a client that subscribed to nothing", clientId);
    }

    protected void onSubAck(MqttSubAckMessage msg) {
        errors.add("SUBACK to a client that subscribed to nothing", clientId);
    }

    protected void onClosed() {
    }

    protected static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
            MqttMessageIdVariableHeader.from(packetId));
    }
}
