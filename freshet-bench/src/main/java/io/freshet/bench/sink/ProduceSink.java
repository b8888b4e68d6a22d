package io.freshet.bench.sink;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;

/**
 * The ceiling: a Kafka-protocol server that answers produce requests with success and stores nothing but each
 * partition's first batch, and fetches with copies of that batch ({@link SinkFetch}), so the side-by-side harness can
 * measure how fast the client alone can produce or consume on this machine, and how much of the two cores it takes.
 *
 * <pre>java -cp ... io.freshet.bench.sink.ProduceSink --port P</pre>
 *
 * Serves ApiVersions, Metadata, CreateTopics, InitProducerId, ListOffsets, Produce and Fetch ({@link SinkApis}); listens on
 * 127.0.0.1 only; one event loop thread per core (epoll when available, as Freshet); runs until killed.
 */
public final class ProduceSink {

    /** Largest frame accepted: Kafka's socket.request.max.bytes default. */
    private static final int MAX_FRAME = 100 * 1024 * 1024;

    private ProduceSink() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--port")) {
            System.err.println("usage: ProduceSink --port PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Channel server = bind(group, port, epoll);
        System.out.println("produce sink listening on 127.0.0.1:" + port + (epoll ? " (epoll)" : " (nio)"));
        Runtime.getRuntime().addShutdownHook(new Thread(group::shutdownGracefully));
        server.closeFuture().sync();
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port) on {@code group}, until the channel is closed. */
    static Channel bind(EventLoopGroup group, int port, boolean epoll) throws InterruptedException {
        SinkApis apis = new SinkApis();
        return new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME + 4, 0, 4, 0, 4, true),
                        new SinkConnection(apis));
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }
}
