package io.freshet.bench.mqtt.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load tool's MQTT connections: every client of a run shares {@link #THREADS} event loop threads (epoll when
 * available, as Freshet), so 10,000 idle connections or 100 publishers cost no thread each. One instance per run;
 * {@link #close()} ends every connection still open.
 *
 * <p>Design note: netty-codec-mqtt encodes and decodes (MQTT 3.1.1 here); each {@link BenchClient} is the whole
 * client state machine of its connection and runs only on its channel's event loop.
 */
public final class LoadClients implements AutoCloseable {

    /** As many as the machine's cores (2 here): the client shares them with the broker, as a real load generator would. */
    public static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    /** A publisher stops writing above 64 KiB queued in its channel, so QoS 0 publishers run at the broker's pace. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<EventLoop> loops;
    private final boolean epoll = Epoll.isAvailable();

    public LoadClients() {
        group = new MultiThreadIoEventLoopGroup(THREADS, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        List<EventLoop> all = new ArrayList<>();
        group.forEach(executor -> all.add((EventLoop) executor));
        loops = List.copyOf(all);
    }

    public String transport() {
        return (epoll ? "epoll" : "nio") + ", " + THREADS + " event loop thread(s)";
    }

    /**
     * Opens a TCP connection to 127.0.0.1:{@code port} and lets {@code client} speak MQTT on it; the future
     * completes when the broker accepted the CONNECT (CONNACK 0), exceptionally if it refused or the socket failed.
     */
    public CompletableFuture<Void> connect(int port, BenchClient client) {
        return connect(port, client, bootstrap.clone());
    }

    /**
     * As {@link #connect(int, BenchClient)}, on event loop thread {@code thread} (0 to THREADS - 1) rather than
     * the next in turn, so that a measurement does not depend on how many connections came before.
     */
    public CompletableFuture<Void> connect(int port, BenchClient client, int thread) {
        return connect(port, client, bootstrap.clone(loops.get(thread % loops.size())));
    }

    private CompletableFuture<Void> connect(int port, BenchClient client, Bootstrap bootstrap) {
        ChannelFuture future = bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, client);
            }
        }).connect("127.0.0.1", port);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                client.connectFailed(f.cause());
            }
        });
        return client.connected();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
