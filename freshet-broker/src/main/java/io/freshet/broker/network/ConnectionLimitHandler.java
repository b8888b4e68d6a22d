package io.freshet.broker.network;

import io.freshet.security.connection.ConnectionLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Kafka's connection-count limits on a Kafka listener ({@code max.connections}, {@code max.connections.per.ip} and
 * its overrides, {@code listener.name.<l>.max.connections}): first in the pipeline, it takes the connection's slots
 * when it becomes active and gives them back when it closes.
 *
 * <p>A connection over a limit is closed at once, before anything is read. Kafka does that for the per-IP limit; for
 * the broker and listener limits Kafka's acceptor instead stops accepting until a slot frees, leaving clients in the
 * TCP backlog. Freshet closes those too: a client then retries after its {@code reconnect.backoff.ms} and gets the
 * next free slot, rather than hanging on a connection the broker has not accepted (and Netty's acceptor serves every
 * listener, so pausing it for one would stall the others).
 *
 * <p>Threading: the channel's event loop; the counts are in the shared {@link ConnectionLimits}.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimitHandler.class);

    private final ConnectionLimits limits;
    private final String listener;
    private InetAddress address;

    ConnectionLimitHandler(ConnectionLimits limits, String listener) {
        this.limits = limits;
        this.listener = listener;
    }

    /** Adds the handler first in {@code ch}'s pipeline when a limit is configured; nothing otherwise. */
    static void install(io.netty.channel.Channel ch, ConnectionLimits limits, String listener) {
        if (!limits.unlimited()) {
            ch.pipeline().addFirst("connection-limits", new ConnectionLimitHandler(limits, listener));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        ConnectionLimits.Admission admission = limits.tryAcquire(listener, from);
        if (admission != ConnectionLimits.Admission.ACCEPTED) {
            log.info("Refusing a connection from {} on listener {}: {}", from, listener, admission);
            ctx.channel().config().setAutoRead(false);
            ctx.close();
            return;
        }
        address = from;
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (address != null) {
            limits.release(listener, address);
            address = null;
        }
        ctx.fireChannelInactive();
    }
}
