package io.freshet.http.stream;

import io.freshet.gateway.EventLog;
import io.freshet.http.HttpConfig;
import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.ResponseStream;
import io.freshet.http.routing.Router;
import io.freshet.http.routing.WebSocketEndpoint;
import io.freshet.http.v3.ClustersApi;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live streams of a topic's records on {@code GET /v3/clusters/{cluster_id}/topics/{topic_name}/records:stream}:
 * Server-Sent Events ({@code Accept: text/event-stream}) or, with {@code Upgrade: websocket}, a WebSocket that also
 * produces what the client sends. Start: {@code from=earliest|latest|<epoch-ms>|<position>} (default latest), or
 * an SSE reconnect's {@code Last-Event-ID}. An unknown cluster or topic is a 404 before the stream starts (streams
 * never create topics).
 *
 * <pre>
 *   append -> LiveTails (log listener: signal only) -> PartitionTail (reads + encodes once, on one event loop)
 *          -> LoopFanout (one task per event loop) -> StreamSubscriber (per stream: positions, catch-up reads, gaps)
 *          -> SseSink | WebSocketSink (shared bytes, retained duplicates)
 * </pre>
 */
public final class RecordsStreamApi implements AutoCloseable {

    static final String PATH = "/v3/clusters/{cluster_id}/topics/{topic_name}/records:stream";
    /** Caches must not keep an event stream, and proxies (nginx: X-Accel-Buffering) must pass each event on at once. */
    private static final Map<CharSequence, String> SSE_HEADERS = Map.of(HttpHeaderNames.CACHE_CONTROL, "no-cache",
        "X-Accel-Buffering", "no");

    private final EventLog log;
    private final long heartbeatMs;
    private final int maxFrameBytes;
    private final LiveTails tails;
    private final Set<Channel> streams = ConcurrentHashMap.newKeySet();

    public RecordsStreamApi(EventLog log, HttpConfig config) {
        this.log = log;
        this.heartbeatMs = config.sseHeartbeatMs();
        this.maxFrameBytes = config.maxRequestBytes();
        this.tails = new LiveTails(log, ByteBufAllocator.DEFAULT);
    }

    public void register(Router router) {
        router.get(PATH, this::openEvents);
        router.webSocket(PATH, new Endpoint());
    }

    /** Streams open now (SSE and WebSocket). */
    public int openStreams() {
        return streams.size();
    }

    /** Records encoded by the shared tails: once each, however many subscribers were caught up. */
    public long tailEncodedRecords() {
        return tails.tailEncoded.sum();
    }

    /** Records encoded by subscribers that were behind and read the log on their own. */
    public long ownReadEncodedRecords() {
        return tails.ownReadEncoded.sum();
    }

    /**
     * The most bytes any stream's socket has waiting to be written: bounded by Netty's high water mark plus about
     * one batch, however slowly a client reads.
     */
    public long maxPendingWriteBytes() {
        long max = 0;
        for (Channel channel : streams) {
            ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
            if (buffer != null) {
                max = Math.max(max, buffer.totalPendingWriteBytes());
            }
        }
        return max;
    }

    private void openEvents(HttpExchange exchange) {
        String topic = checkTopic(exchange.pathParam("cluster_id"), exchange.pathParam("topic_name"));
        String accept = exchange.header(HttpHeaderNames.ACCEPT);
        if (accept != null && !accept.contains("text/event-stream") && !accept.contains("*/*")
            && !accept.contains("text/*")) {
            throw RestException.notAcceptable(accept);
        }
        StreamStart start = StreamStart.parse(exchange.query("from").orElse(null),
            exchange.header("Last-Event-ID"));
        int partitions = log.partitionCount(topic).orElse(0);
        start.resolve(log, topic, partitions).whenComplete((positions, failure) -> {
            if (failure != null) {
                exchange.respondError(failure);
            } else {
                exchange.eventLoop().execute(() -> startEvents(exchange, topic, positions));
            }
        });
    }

    private void startEvents(HttpExchange exchange, String topic, long[] positions) {
        if (!exchange.channel().isActive()) {
            return;
        }
        ResponseStream stream = exchange.startStream(HttpResponseStatus.OK, "text/event-stream", SSE_HEADERS);
        SseSink sink = new SseSink(stream, exchange.channel().alloc());
        StreamSubscriber subscriber = new StreamSubscriber(log, tails, topic, exchange.eventLoop(),
            exchange.channel().alloc(), sink);
        track(exchange.channel());
        stream.onClose(subscriber::close);
        stream.onWritable(subscriber::onWritable);
        sink.begin(exchange.eventLoop(), heartbeatMs, positions);
        subscriber.start(positions);
    }

    private void track(Channel channel) {
        streams.add(channel);
        channel.closeFuture().addListener(f -> streams.remove(channel));
    }

    /** The topic's name if {@code clusterId} is this cluster and the topic exists; 404 otherwise. */
    private String checkTopic(String clusterId, String topic) {
        ClustersApi.requireCluster(log, clusterId);
        if (log.partitionCount(topic).isEmpty()) {
            throw RestException.topicNotFound(topic);
        }
        return topic;
    }

    @Override
    public void close() {
        tails.close();
    }

    /** The WebSocket side: checked before the handshake (a 404 is an HTTP answer), then installed. */
    private final class Endpoint implements WebSocketEndpoint {

        @Override
        public String subprotocols() {
            return null;
        }

        /**
         * A stream from {@code latest} starts at the ends as they are now, before the 101 goes out: a record a client
         * produces as soon as it sees the socket open is then never missed.
         */
        @Override
        public Installer accept(HttpRequest handshake, Map<String, String> pathParams) {
            String topic = checkTopic(pathParams.get("cluster_id"), pathParams.get("topic_name"));
            int partitions = log.partitionCount(topic).orElse(0);
            StreamStart start = StreamStart.parse(from(handshake), null).fixedIfLatest(log, topic, partitions);
            return pipeline -> {
                track(pipeline.channel());
                pipeline.addLast("ws-aggregate", new WebSocketFrameAggregator(maxFrameBytes));
                pipeline.addLast("records-stream", new RecordsWebSocket(log, tails, topic, start, heartbeatMs));
            };
        }

        @Override
        public void install(ChannelPipeline pipeline, HttpRequest handshake, Map<String, String> pathParams) {
            throw new IllegalStateException("installed by the Installer accept returns");
        }

        private String from(HttpRequest handshake) {
            List<String> values = new QueryStringDecoder(handshake.uri()).parameters().get("from");
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }
}
