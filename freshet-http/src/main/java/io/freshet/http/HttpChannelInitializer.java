package io.freshet.http;

import io.freshet.gateway.ListenerTls;
import io.freshet.http.security.AccessRules;
import io.freshet.http.security.HttpAuthenticator;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.util.Map;

import io.freshet.http.error.HttpErrors;
import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpConnection;
import io.freshet.http.routing.Router;
import io.freshet.http.routing.WebSocketEndpoint;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cors.CorsConfig;
import io.netty.handler.codec.http.cors.CorsConfigBuilder;
import io.netty.handler.codec.http.cors.CorsHandler;
import io.netty.buffer.Unpooled;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every HTTP socket.
 *
 * <pre>
 *   socket -> HttpServerCodec (request line 4 KiB, headers 16 KiB) -> "continue" (100-continue, or 413 up front)
 *          -> "decompress" (gzip / deflate request bodies) -> "compress" (gzip / deflate answers of 1 KiB and more; never a
 *          stream) -> "cors" (if http.cors.allowed.origins) -> HttpConnection (routes, bodies, order)
 *   WebSocket upgrade: Origin checked against http.cors.allowed.origins (403), codec replaced by frame codec, the
 *          HTTP-only handlers removed, the endpoint's handlers added
 * </pre>
 */
final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 16 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final int COMPRESS_FROM_BYTES = 1024;

    /** The name of the listener ({@code HTTP}, {@code HTTPS}) that accepted a socket. */
    static final AttributeKey<String> LISTENER = AttributeKey.valueOf("freshet.http.listener");

    private final HttpConfig config;
    private final Router router;
    private final HttpAuthenticator authenticator;
    private final AccessRules rules = new AccessRules();
    private final Map<String, ListenerTls> tls;
    private final CorsConfig cors;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    HttpChannelInitializer(HttpConfig config, Router router, HttpAuthenticator authenticator,
                           Map<String, ListenerTls> tls) {
        this.config = config;
        this.router = router;
        this.authenticator = authenticator;
        this.tls = Map.copyOf(tls);
        this.cors = corsConfig(config);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        open.add(channel);
        channel.closeFuture().addListener(f -> open.remove(channel));
        var pipeline = channel.pipeline();
        ListenerTls listenerTls = tls.get(channel.attr(LISTENER).get());
        if (listenerTls != null) {
            // First: everything after it, WebSockets and MQTT over WebSocket included, sees plain bytes.
            SslHandler ssl = new SslHandler(listenerTls.newEngine());
            ssl.setHandshakeTimeoutMillis(10_000);
            pipeline.addLast("ssl", ssl);
        }
        pipeline.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK));
        pipeline.addLast("continue", new BoundedExpectContinue(config.maxRequestBytes(), router));
        pipeline.addLast("decompress", new HttpContentDecompressor(0));
        pipeline.addLast("compress", new WholeAnswersCompressor());
        if (cors != null) {
            pipeline.addLast("cors", new CorsHandler(cors));
        }
        pipeline.addLast("http", new HttpConnection(router, config.maxRequestBytes(), this::webSocketOriginAllowed,
            authenticator, rules));
    }

    /**
     * A page's WebSocket may connect from the origins a page's requests may come from: any when
     * {@code http.cors.allowed.origins} is not set (as before CORS) or is {@code *}, else only those listed. A
     * browser sends the page's origin with every WebSocket handshake but, unlike for requests, never checks the
     * answer: without this, any page a user opens could use the user's access to Freshet over WebSocket.
     */
    private boolean webSocketOriginAllowed(String origin) {
        List<String> allowed = config.corsAllowedOrigins();
        return allowed.isEmpty() || allowed.contains("*") || allowed.contains(origin);
    }

    int openConnections() {
        return open.size();
    }

    /**
     * Closes every connection; one handed over to a WebSocket endpoint is ended by the endpoint. Waits until they are
     * closed, up to {@code timeoutMs} in all.
     */
    void closeAll(long timeoutMs) {
        List<SocketChannel> all = List.copyOf(open);
        for (SocketChannel channel : all) {
            WebSocketEndpoint endpoint = channel.attr(WebSocketEndpoint.SERVING).get();
            if (endpoint != null) {
                endpoint.shutdown(channel);
            } else {
                channel.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (SocketChannel channel : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                channel.close(); // an endpoint's goodbye may not take forever
            }
        }
    }

    private static CorsConfig corsConfig(HttpConfig config) {
        if (config.corsAllowedOrigins().isEmpty()) {
            return null;
        }
        CorsConfigBuilder builder = config.corsAllowedOrigins().contains("*") ? CorsConfigBuilder.forAnyOrigin()
            : CorsConfigBuilder.forOrigins(config.corsAllowedOrigins().toArray(String[]::new));
        return builder
            .allowedRequestMethods(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                HttpMethod.DELETE, HttpMethod.OPTIONS)
            .allowedRequestHeaders(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.ACCEPT,
                HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CONTENT_ENCODING, "Last-Event-ID")
            .exposeHeaders(HttpHeaderNames.CONTENT_TYPE)
            .maxAge(3600)
            .build();
    }

    /**
     * Answers {@code Expect: 100-continue}, or 413 at once when the announced body is over the limit and is read
     * whole (a streaming route, such as a streaming produce, limits each record instead: curl announces a large
     * file's length and expects 100-continue).
     */
    private static final class BoundedExpectContinue extends HttpServerExpectContinueHandler {
        private final int maxRequestBytes;
        private final Router router;

        BoundedExpectContinue(int maxRequestBytes, Router router) {
            this.maxRequestBytes = maxRequestBytes;
            this.router = router;
        }

        @Override
        protected HttpResponse acceptMessage(HttpRequest request) {
            if (HttpUtil.getContentLength(request, 0L) > maxRequestBytes
                && !router.streamsBody(request.method(), new QueryStringDecoder(request.uri()).rawPath())) {
                return null;
            }
            return super.acceptMessage(request);
        }

        @Override
        protected HttpResponse rejectResponse(HttpRequest request) {
            byte[] body = HttpErrors.toBody(RestException.tooLarge(maxRequestBytes)).json();
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(response, body.length);
            return response;
        }
    }

    /**
     * gzip for whole answers only: a stream (events, delivery reports) must reach the client as each chunk is
     * written, which a compressor holding bytes back would prevent.
     */
    private static final class WholeAnswersCompressor extends HttpContentCompressor {
        WholeAnswersCompressor() {
            // gzip and deflate only: Netty would pick zstd or brotli whenever their codecs are on the class path
            // (kafka-clients brings zstd-jni), which curl and older clients may not decode.
            super(COMPRESS_FROM_BYTES, StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate());
        }

        @Override
        protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
            return response instanceof FullHttpResponse ? super.beginEncode(response, acceptEncoding) : null;
        }
    }
}
