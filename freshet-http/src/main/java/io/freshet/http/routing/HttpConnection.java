package io.freshet.http.routing;

import io.freshet.http.security.AccessRules;
import io.freshet.http.security.HttpAuthenticator;
import io.freshet.http.security.RequestAccess;
import java.util.concurrent.CompletableFuture;

import io.freshet.http.error.HttpErrors;
import io.freshet.http.error.RestException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One HTTP connection: finds each request's route, reads its body (whole, up to {@code http.max.request.bytes}, or
 * chunk by chunk for a streaming route), calls the handler, and serves requests one at a time in order (a request
 * pipelined behind an unanswered one waits, and the socket is not read meanwhile). A WebSocket upgrade hands the
 * channel over to the endpoint. Event loop only.
 */
public final class HttpConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    /** The HTTP handlers a WebSocket upgrade removes (the codec is replaced by the handshake itself). */
    private static final List<String> HTTP_ONLY_HANDLERS = List.of("continue", "decompress", "compress", "cors");

    private final Router router;
    private final int maxRequestBytes;
    private final Predicate<String> webSocketOriginAllowed;
    private final HttpAuthenticator authenticator;
    private final AccessRules rules;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** A request whose credentials are being checked (off the loop); what arrives meanwhile waits behind it. */
    private Object authenticating;
    /** The access of the request being started, once its credentials were checked. */
    private RequestAccess checkedAccess;
    private Throwable checkFailure;

    private ChannelHandlerContext ctx;
    private HttpExchange current;
    /** The body being read whole; null when none is. */
    private CompositeByteBuf aggregating;
    private RequestHandler wholeBodyHandler;
    private StreamingRequestHandler.BodyListener bodyListener;
    /** The rest of the current request's body is dropped (it was refused before its end). */
    private boolean discarding;
    /** An answer that ends the connection went out while the request was still arriving: close at its end. */
    private boolean closeWhenRead;
    private boolean requestRead;
    /** The current exchange's answer was written whole. */
    private boolean answerSent;

    /**
     * @param webSocketOriginAllowed whether a WebSocket upgrade carrying this {@code Origin} is accepted (browsers do
     *                               not apply CORS to WebSockets: the server has to); one without Origin always is
     */
    public HttpConnection(Router router, int maxRequestBytes, Predicate<String> webSocketOriginAllowed) {
        this(router, maxRequestBytes, webSocketOriginAllowed, HttpAuthenticator.open(), new AccessRules());
    }

    /**
     * @param authenticator who sends each request (Basic credentials, the TLS client certificate, anonymous)
     * @param rules         what each route needs of the request's principal
     */
    public HttpConnection(Router router, int maxRequestBytes, Predicate<String> webSocketOriginAllowed,
                          HttpAuthenticator authenticator, AccessRules rules) {
        this.authenticator = authenticator;
        this.rules = rules;
        this.router = router;
        this.maxRequestBytes = maxRequestBytes;
        this.webSocketOriginAllowed = webSocketOriginAllowed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (authenticating != null || !waiting.isEmpty() || (current != null && requestRead)) {
            waiting.add(msg); // pipelined behind an unanswered request
            ctx.channel().config().setAutoRead(false);
            return;
        }
        process(msg);
    }

    private void process(Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                if (!request.decoderResult().isFailure() && checkedAccess == null && checkFailure == null
                    && !authenticate(msg, request)) {
                    return; // resumed by authenticated(), on this loop
                }
                startRequest(request);
            }
            if (msg instanceof HttpContent content) {
                body(content);
            }
        } catch (Exception e) {
            fail(e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Decides who sent {@code request}: true when known now (no header, a cached one), false when the check runs
     * elsewhere: {@code msg} is kept and reading stops until {@link #authenticated} carries on.
     */
    private boolean authenticate(Object msg, HttpRequest request) {
        if (ownAuthentication(request)) {
            checkedAccess = RequestAccess.OPEN;
            return true;
        }
        CompletableFuture<RequestAccess> check = authenticator.authenticate(request, ctx.channel());
        if (check.isDone()) {
            settle(check);
            return true;
        }
        authenticating = ReferenceCountUtil.retain(msg);
        ctx.channel().config().setAutoRead(false);
        check.whenComplete((access, error) -> ctx.executor().execute(() -> authenticated(check)));
        return false;
    }

    /** A WebSocket endpoint that authenticates its clients itself (MQTT's CONNECT) is not asked for credentials. */
    private boolean ownAuthentication(HttpRequest request) {
        if (!isWebSocketUpgrade(request)) {
            return false;
        }
        return router.webSocket(rawPath(request.uri()))
            .map(matched -> matched.route().endpoint().authenticatesItself()).orElse(false);
    }

    private void settle(CompletableFuture<RequestAccess> check) {
        try {
            checkedAccess = check.join();
        } catch (RuntimeException e) {
            checkFailure = HttpErrors.unwrap(e);
        }
    }

    private void authenticated(CompletableFuture<RequestAccess> check) {
        Object msg = authenticating;
        authenticating = null;
        if (msg == null || !ctx.channel().isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        settle(check);
        process(msg);
        while ((current == null || !requestRead) && authenticating == null && !waiting.isEmpty()) {
            process(waiting.poll());
        }
        if (waiting.isEmpty() && authenticating == null && (current == null || !requestRead)) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private void startRequest(HttpRequest request) throws Exception {
        requestRead = false;
        answerSent = false;
        discarding = false;
        RequestAccess access = checkedAccess;
        Throwable refused = checkFailure;
        checkedAccess = null;
        checkFailure = null;
        if (request.decoderResult().isFailure()) {
            discarding = true;
            current = new HttpExchange(this, ctx, request, Map.of());
            current.closeAfterAnswer();
            current.respondError(RestException.badRequest("Malformed HTTP request: "
                + request.decoderResult().cause().getMessage()));
            return;
        }
        String rawPath = rawPath(request.uri());
        if (refused != null) {
            current = new HttpExchange(this, ctx, request, Map.of());
            refuseBody(refused);
            return;
        }
        if (isWebSocketUpgrade(request)) {
            Optional<Router.Matched<Router.WebSocketRoute>> endpoint = router.webSocket(rawPath);
            if (endpoint.isPresent()) {
                WebSocketEndpoint.Installer installer;
                try {
                    checkWebSocketOrigin(request);
                    rules.check(request.method(), rawPath, access);
                    ctx.channel().attr(RequestAccess.KEY).set(access);
                    installer = endpoint.get().route().endpoint().accept(request, endpoint.get().params());
                } catch (Exception e) {
                    current = new HttpExchange(this, ctx, request, endpoint.get().params());
                    refuseBody(e);
                    return;
                }
                upgrade(request, endpoint.get(), installer);
                return;
            }
        }
        try {
            Router.Matched<Router.Route> matched = router.route(request.method(), rawPath);
            current = new HttpExchange(this, ctx, request, matched.params());
            current.access(access);
            rules.check(request.method(), rawPath, access);
            Router.Route route = matched.route();
            if (route.streaming() != null) {
                bodyListener = route.streaming().open(current);
            } else {
                if (HttpUtil.getContentLength(request, 0L) > maxRequestBytes) {
                    refuseBody(RestException.tooLarge(maxRequestBytes));
                    return;
                }
                wholeBodyHandler = route.handler();
                aggregating = ctx.alloc().compositeBuffer(64);
            }
        } catch (Exception e) {
            if (current == null) {
                current = new HttpExchange(this, ctx, request, Map.of());
            }
            refuseBody(e);
        }
    }

    private void body(HttpContent content) throws Exception {
        boolean last = content instanceof LastHttpContent;
        if (discarding || current == null) {
            if (last) {
                requestRead = true;
                if (closeWhenRead) {
                    ctx.close();
                    return;
                }
                advanceIfDone();
            }
            return;
        }
        if (aggregating != null) {
            if (aggregating.readableBytes() + content.content().readableBytes() > maxRequestBytes) {
                refuseBody(RestException.tooLarge(maxRequestBytes));
                if (last) {
                    requestRead = true;
                }
                return;
            }
            aggregating.addComponent(true, content.content().retain());
            if (last) {
                requestRead = true;
                HttpExchange exchange = current;
                RequestHandler handler = wholeBodyHandler;
                exchange.body(aggregating);
                aggregating = null;
                wholeBodyHandler = null;
                try {
                    handler.handle(exchange);
                } catch (Exception e) {
                    exchange.respondError(e);
                }
            }
        } else if (bodyListener != null) {
            try {
                if (content.content().isReadable()) {
                    bodyListener.onContent(content.content());
                }
                if (last) {
                    requestRead = true;
                    StreamingRequestHandler.BodyListener listener = bodyListener;
                    bodyListener = null;
                    listener.onEnd();
                }
            } catch (Exception e) {
                bodyListener = null;
                refuseBody(e);
                if (last) {
                    requestRead = true;
                }
            }
        }
    }

    /**
     * Answers {@code error} now and drops the rest of the body. A client still sending a large body would have it
     * read for nothing: the connection closes after the answer.
     */
    private void refuseBody(Throwable error) {
        releaseAggregate();
        wholeBodyHandler = null;
        discarding = true;
        if (!requestRead && hasBody(current.request())) {
            current.closeAfterAnswer();
        }
        current.respondError(error);
    }

    /**
     * Closes after an answer that ends the connection, once the client has sent the rest of its request (read and
     * dropped) or {@link FrameRefusal#LINGER_MILLIS} have passed: a 413 sent while the client is still uploading the
     * body would otherwise meet unread bytes, the kernel would answer them with a reset, and the client could lose
     * the 413 and see only a closed connection.
     */
    void closeOnceRequestRead() {
        if (requestRead || current == null) {
            ctx.close();
            return;
        }
        closeWhenRead = true;
        ctx.executor().schedule(() -> ctx.close(), FrameRefusal.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The exchange's answer is written: once its request is read too, serve the next one. */
    void exchangeDone(HttpExchange exchange) {
        if (exchange != current) {
            return;
        }
        answerSent = true;
        if (!requestRead) {
            discarding = true; // answered before the body ended (an error): drop the rest of it
            return;
        }
        advanceIfDone();
    }

    /** Serves what waited behind the current exchange, or reads the socket again. */
    private void advanceIfDone() {
        if (current == null || !requestRead || !answerSent) {
            return;
        }
        current = null;
        bodyListener = null;
        while ((current == null || !requestRead) && !waiting.isEmpty()) {
            process(waiting.poll());
        }
        if (waiting.isEmpty() && (current == null || !requestRead)) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** A page's WebSocket from an origin not allowed is refused first, before anything of the path is checked. */
    private void checkWebSocketOrigin(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !webSocketOriginAllowed.test(origin)) {
            throw RestException.forbidden("Origin " + origin + " is not in http.cors.allowed.origins");
        }
    }

    private void upgrade(HttpRequest request, Router.Matched<Router.WebSocketRoute> matched,
                         WebSocketEndpoint.Installer installer) {
        discarding = true; // a GET upgrade has no body
        requestRead = true;
        WebSocketEndpoint endpoint = matched.route().endpoint();
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(request.uri())
            .subprotocols(endpoint.subprotocols())
            .checkStartsWith(false)
            .maxFramePayloadLength(maxRequestBytes)
            .closeOnProtocolViolation(false) // FrameRefusal closes, after the client has read why
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .build();
        var pipeline = ctx.pipeline();
        for (String name : HTTP_ONLY_HANDLERS) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        pipeline.addAfter(ctx.name(), "ws-protocol", new WebSocketServerProtocolHandler(config));
        pipeline.addAfter("ws-protocol", "ws-install", new WebSocketInstaller(endpoint, installer,
            !(request instanceof LastHttpContent)));
        DefaultFullHttpRequest handshake = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
            request.uri());
        handshake.headers().set(request.headers());
        pipeline.remove(this);
        ctx.fireChannelRead(handshake);
    }

    private static boolean hasBody(HttpRequest request) {
        return HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    private static boolean isWebSocketUpgrade(HttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static String rawPath(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        int hash = path.indexOf('#');
        return hash < 0 ? path : path.substring(0, hash);
    }

    private void fail(Throwable error) {
        if (current != null && !current.answered()) {
            refuseBody(error);
        } else {
            log.debug("Closing HTTP connection {} after {}", ctx.channel().remoteAddress(), error.toString());
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null && current.stream() != null) {
            current.stream().writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAggregate();
        if (bodyListener != null) {
            bodyListener.onAbort();
            bodyListener = null;
        }
        if (current != null) {
            current.releaseBody();
            if (current.stream() != null) {
                current.stream().closed();
            }
        }
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        ReferenceCountUtil.release(authenticating);
        authenticating = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), HttpErrors.unwrap(cause).toString());
        ctx.close();
    }

    private void releaseAggregate() {
        if (aggregating != null) {
            aggregating.release();
            aggregating = null;
        }
    }

    /**
     * Once the handshake is answered, lets the endpoint install its handlers, then leaves the pipeline. Until then
     * it also drops what is left of the upgrade request (the codec's empty last content, decoded in the same read as
     * the request), which no endpoint expects among its frames.
     */
    private static final class WebSocketInstaller extends ChannelInboundHandlerAdapter {
        private final WebSocketEndpoint endpoint;
        private final WebSocketEndpoint.Installer installer;
        private boolean requestContentPending;
        private boolean installed;

        WebSocketInstaller(WebSocketEndpoint endpoint, WebSocketEndpoint.Installer installer,
                           boolean requestContentPending) {
            this.endpoint = endpoint;
            this.installer = installer;
            this.requestContentPending = requestContentPending;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpContent content) {
                if (content instanceof LastHttpContent) {
                    requestContentPending = false;
                    removeWhenDone(ctx);
                }
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                installed = true;
                String decoder = ctx.pipeline().context(WebSocketFrameDecoder.class).name();
                ctx.pipeline().addAfter(decoder, "ws-refusal", new FrameRefusal());
                ctx.channel().attr(WebSocketEndpoint.SERVING).set(endpoint);
                installer.install(ctx.pipeline());
                removeWhenDone(ctx);
            }
            ctx.fireUserEventTriggered(event);
        }

        private void removeWhenDone(ChannelHandlerContext ctx) {
            if (installed && !requestContentPending) {
                ctx.pipeline().remove(this);
            }
        }
    }
}
