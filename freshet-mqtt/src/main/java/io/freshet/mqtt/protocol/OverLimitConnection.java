package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * A connection beyond {@code mqtt.max.connections}: its CONNECT is answered with a refusal and the socket closed.
 * MQTT 5 gets 0x97 Quota exceeded (an administrative limit was reached; 0x9F Connection rate exceeded is about a
 * rate, which this is not), MQTT 3.1.1 0x03 Server unavailable. It holds no session and a small decoder, and lives
 * at most {@link IdleTimeouts#CONNECT_TIMEOUT_MS}.
 */
final class OverLimitConnection extends ChannelInboundHandlerAdapter {

    private final int maxConnections;
    private boolean closeScheduled;

    OverLimitConnection(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            closeLater(ctx); // installed on a connection already open (MQTT over WebSocket): no channelActive comes
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        closeLater(ctx);
        ctx.fireChannelActive();
    }

    private void closeLater(ChannelHandlerContext ctx) {
        if (!closeScheduled) {
            closeScheduled = true;
            ctx.executor().schedule(() -> {
                ctx.close();
            }, IdleTimeouts.CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!ctx.channel().isActive() || !(msg instanceof MqttMessage packet)
                || packet.fixedHeader() == null || packet.fixedHeader().messageType() != MqttMessageType.CONNECT) {
                ctx.close();
                return;
            }
            ByteBuf connack = ConnackRefusal.encode(ctx.alloc(), ProtocolLevelSniffer.level(ctx.channel()),
                ReasonCode.QUOTA_EXCEEDED, "more than mqtt.max.connections=" + maxConnections + " connections");
            if (connack == null) {
                ctx.close();
            } else {
                ctx.writeAndFlush(connack).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
