package io.freshet.http.stream;

import io.freshet.gateway.EventLog;
import io.freshet.http.error.HttpErrors;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket on {@code records:stream}: the topic's records go out as text frames ({@link WebSocketSink}, from
 * the start position resolved before the handshake), and text frames coming in are produced
 * ({@link WebSocketProducer}). Both directions share the connection's event loop, which owns all of this.
 */
final class RecordsWebSocket extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RecordsWebSocket.class);

    private final EventLog eventLog;
    private final LiveTails tails;
    private final String topic;
    private final StreamStart start;
    private final long heartbeatMs;
    private WebSocketSink sink;
    private WebSocketProducer producer;
    private StreamSubscriber subscriber;

    RecordsWebSocket(EventLog eventLog, LiveTails tails, String topic, StreamStart start, long heartbeatMs) {
        this.eventLog = eventLog;
        this.tails = tails;
        this.topic = topic;
        this.start = start;
        this.heartbeatMs = heartbeatMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        sink = new WebSocketSink(ctx);
        producer = new WebSocketProducer(eventLog, topic, ctx.executor(), sink::report, on -> {
            ctx.channel().config().setAutoRead(on);
            if (on) {
                ctx.read();
            }
        });
        subscriber = new StreamSubscriber(eventLog, tails, topic, ctx.executor(), ctx.alloc(), sink);
        int partitions = eventLog.partitionCount(topic).orElse(0);
        start.resolve(eventLog, topic, partitions).whenComplete((positions, failure) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive() || subscriber.isClosed()) {
                return;
            }
            if (failure != null) {
                sink.end(HttpErrors.toBody(failure).message());
                return;
            }
            sink.begin(heartbeatMs);
            subscriber.start(positions);
        }));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                producer.onFrame(text.text());
            } else if (msg instanceof WebSocketFrame) {
                producer.onRefused("Only text frames are produced: JSON {\"key\",\"value\",\"headers\"} or an array");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            subscriber.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        subscriber.close();
        producer.close();
        sink.stop();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("WebSocket stream of {} on {} failed: {}", topic, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
