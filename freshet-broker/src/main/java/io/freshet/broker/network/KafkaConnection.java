package io.freshet.broker.network;

import io.freshet.broker.handler.ApiHandler;
import io.freshet.broker.handler.ApiRouter;
import io.freshet.broker.handler.AuthenticationGate;
import io.freshet.broker.handler.CloseConnectionException;
import io.freshet.broker.handler.ConnectionState;
import io.freshet.broker.handler.ErrorMapper;
import io.freshet.broker.handler.RequestContext;
import io.freshet.broker.metrics.RequestObserver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.freshet.security.listener.ListenerEndpoint;
import io.freshet.security.tls.ServerTls;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: decodes each frame, hands it to its API handler, and writes the responses strictly in
 * request order through a {@link ResponseQueue}.
 *
 * <p>Threading: an instance belongs to its channel's event loop. Handlers run on it; handler futures that
 * complete elsewhere (the flusher thread after an fsync, the topic controller thread) hop back to it before
 * touching the queue.
 *
 * <p>Errors: Kafka errors are values in responses. Only what the connection cannot survive closes it: a bad
 * frame size ({@link FrameDecoder}), an undecodable header or body, an unknown key or unsupported version, and
 * a failed acks=0 produce. Every close is logged with the remote address.
 *
 * <p>Back-pressure: reading pauses while {@value #MAX_PENDING} responses are owed or the socket's outbound
 * buffer is full, so a client that pipelines without reading cannot grow the broker's memory without bound.
 *
 * <p>Listener: the connection knows the listener it came in on ({@link ConnectionState#accepted}). On a TLS
 * listener an {@code SslHandler} sits before the frame decoder, so no request reaches this class before the
 * handshake has finished; on SSL (not SASL_SSL, where SASL says who the client is) the principal from the client's
 * certificate is set when the handshake completes, before the first request is handled. A failed handshake (a
 * plaintext client, an untrusted or missing client certificate, no common protocol, garbage) closes the connection
 * with one log line.
 *
 * <p>Quotas: when a response is ready, {@link ClientThrottle} records the request's usage; a client over its quota
 * gets the response at once with {@code throttle_time_ms}, then reading pauses for that long (KIP-219).
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnection.class);
    static final int MAX_PENDING = 100;

    private final ApiRouter router;
    private final RequestObserver requests;
    private final boolean timed;
    private final RequestParser parser;
    private final ResponseQueue responses = new ResponseQueue();
    private final ConnectionState state = new ConnectionState();
    private final ListenerEndpoint listener;
    private final ServerTls tls;
    private boolean tlsPrincipalSet;
    private final ClientThrottle throttle;
    private ChannelHandlerContext ctx;
    private volatile int pendingCount;
    private boolean closing;

    /** {@code tls}: the listener's TLS when it is SSL or SASL_SSL, else null. */
    KafkaConnection(ApiRouter router, RequestObserver requests, ListenerEndpoint listener, ServerTls tls) {
        this.listener = listener;
        this.tls = tls;
        this.router = router;
        this.requests = requests;
        this.timed = requests != RequestObserver.NONE; // metrics off: not even the clock is read
        this.parser = new RequestParser(router);
        this.throttle = new ClientThrottle(router.quotas(), state, this::updateAutoRead);
    }

    /** True when no response is owed: used by a clean shutdown to let in-flight requests finish. */
    boolean isIdle() {
        return pendingCount == 0;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress address
            ? address.getAddress() : InetAddress.getLoopbackAddress();
        state.accepted(listener.name(), listener.protocol(), client);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                tlsPrincipal();
            } else {
                tlsFailed(done.cause());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** On SSL the client certificate's DN (ssl.principal.mapping.rules) is who the client is; ANONYMOUS without. */
    private boolean tlsPrincipal() {
        if (tlsPrincipalSet || tls == null || listener.protocol() != SecurityProtocol.SSL) {
            return true;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            state.authenticated(tls.principal(ssl.engine().getSession(), state.clientAddress()));
            tlsPrincipalSet = true;
            return true;
        } catch (KafkaException e) {
            close("no principal for its certificate: " + e.getMessage());
            return false;
        }
    }

    /** One line per failed handshake, then the connection closes; SslHandler reports it twice (event, exception). */
    private void tlsFailed(Throwable cause) {
        if (!closing) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            log.warn("TLS handshake on listener {} with {} failed: {}", listener.name(), remote(), root.toString());
        }
        closing = true;
        pendingCount = 0;
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // The request is decoded straight from Netty's (pooled, direct) frame: produce records stay views of it
        // until they are appended, so the frame is released only when its request has been handled.
        ByteBuf frame = (ByteBuf) msg;
        long readNanos = throttle.measuring() ? System.nanoTime() : 0L;
        if (closing || !tlsPrincipal()) {
            frame.release();
            return;
        }
        if (state.sasl().failed()) {
            frame.release(); // as Kafka mutes a failed channel: nothing more is read before the close
            return;
        }
        if (state.sasl().expectsRawTokens()) {
            rawSaslToken(frame);
            return;
        }
        ParsedRequest parsed;
        try {
            parsed = parser.parse(frame.nioBuffer());
        } catch (InvalidRequestException e) {
            frame.release();
            close("rejected request: " + e.getMessage());
            return;
        }
        if (parsed instanceof ParsedRequest.UnsupportedApiVersions unsupported) {
            frame.release();
            log.debug("Client at {} asked for ApiVersions v{}; answering v0 with UNSUPPORTED_VERSION",
                remote(), unsupported.requestedVersion());
            responses.add(unsupported.correlationId(), (short) 0, (short) 0)
                .complete(router.unsupportedApiVersionsResponse());
            pendingCount = responses.size();
            flushReady();
        } else {
            dispatch((ParsedRequest.Decoded) parsed, frame, readNanos);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatch(ParsedRequest.Decoded decoded, ByteBuf frame, long readNanos) {
        long startNanos = timed ? System.nanoTime() : 0L;
        ApiKeys apiKey = decoded.header().apiKey();
        AuthenticationGate.Verdict verdict = router.gate().check(state, apiKey, System.nanoTime());
        if (verdict != AuthenticationGate.Verdict.HANDLE) {
            refuse(decoded, frame, verdict);
            return;
        }
        short version = decoded.header().apiVersion();
        // ApiVersions responses always use header v0: clients read the header before they know the version.
        short headerVersion = apiKey == ApiKeys.API_VERSIONS ? 0 : apiKey.responseHeaderVersion(version);
        PendingResponse pending = responses.add(decoded.correlationId(), version, headerVersion);
        pendingCount = responses.size();
        ApiHandler handler = router.handler(apiKey).orElseThrow();
        RequestContext context = new RequestContext(decoded.header(), ctx.channel().remoteAddress(),
            ctx.channel().eventLoop(), state);
        CompletableFuture<? extends ApiMessage> result;
        try {
            result = handler.handle(context, decoded.request().data());
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        }
        // Request-percentage quotas count the time the request held the event loop: decoding and its handler.
        long threadNanos = readNanos == 0L ? 0L : System.nanoTime() - readNanos;
        result.whenComplete((body, failure) -> {
            if (ctx.executor().inEventLoop()) {
                completeAndRelease(pending, decoded, body, failure, frame, startNanos, threadNanos);
                return;
            }
            try {
                ctx.executor().execute(() -> completeAndRelease(pending, decoded, body, failure, frame,
                    startNanos, threadNanos));
            } catch (RejectedExecutionException shuttingDown) {
                frame.release();
            }
        });
        updateAutoRead();
    }

    /**
     * A request the authentication gate does not let through: the authentication fails and the connection closes,
     * after connection.failed.authentication.delay.ms (a timer, not a wait), with the request's own error response
     * when Kafka sends one. An expired KIP-368 session closes at once, as in Kafka.
     */
    private void refuse(ParsedRequest.Decoded decoded, ByteBuf frame, AuthenticationGate.Verdict verdict) {
        ApiKeys apiKey = decoded.header().apiKey();
        boolean expired = state.sasl().expired(System.nanoTime());
        String reason = router.gate().refusal(state, apiKey, System.nanoTime());
        PendingResponse pending = null;
        ApiMessage body = null;
        if (verdict == AuthenticationGate.Verdict.REFUSE) {
            short version = decoded.header().apiVersion();
            pending = responses.add(decoded.correlationId(), version, apiKey.responseHeaderVersion(version));
            body = decoded.request().getErrorResponse(new IllegalSaslStateException(reason)).data();
        }
        frame.release();
        state.sasl().fail();
        if (expired) {
            close(reason);
            return;
        }
        PendingResponse refused = pending;
        ApiMessage answer = body;
        ctx.executor().schedule(() -> {
            if (refused == null) {
                close(reason);
            } else {
                refused.complete(answer);
                flushReady();
            }
        }, router.gate().failedAuthenticationDelayMs(), TimeUnit.MILLISECONDS);
    }

    /** After a SaslHandshake v0 the client sends bare SASL tokens, answered bare (Kafka's pre-KIP-152 framing). */
    private void rawSaslToken(ByteBuf frame) {
        byte[] token = ByteBufUtil.getBytes(frame);
        frame.release();
        try {
            byte[] response = router.gate().evaluateRawToken(state, token, System.nanoTime());
            if (response != null) {
                ctx.writeAndFlush(ctx.alloc().buffer(4 + response.length).writeInt(response.length)
                    .writeBytes(response));
            }
        } catch (SaslAuthenticationException e) {
            // v0 has no error response: the connection closes after the delay.
            ctx.executor().schedule(() -> close("SASL authentication failed: " + e.getMessage()),
                router.gate().failedAuthenticationDelayMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void completeAndRelease(PendingResponse pending, ParsedRequest.Decoded decoded, ApiMessage body,
                                    Throwable failure, ByteBuf frame, long startNanos, long threadNanos) {
        AbstractRequest request = decoded.request();
        try {
            if (failure == null && !closing) {
                // Before the frame is released: a produce's record batches are views of it.
                throttle.onResponse(ctx, request, decoded.header().clientId(), body, threadNanos);
            }
            onComplete(pending, request, body, failure);
        } finally {
            frame.release();
        }
        if (timed) {
            requests.answered(request.apiKey(), System.nanoTime() - startNanos);
        }
    }

    private void onComplete(PendingResponse pending, AbstractRequest request, ApiMessage body, Throwable failure) {
        if (closing) {
            return;
        }
        if (failure == null) {
            pending.complete(body);
        } else {
            Throwable cause = ErrorMapper.unwrap(failure);
            if (cause instanceof CloseConnectionException) {
                close(cause.getMessage());
                return;
            }
            ErrorMapper.toError(cause, request.apiKey() + " request from " + remote());
            try {
                pending.complete(request.getErrorResponse(cause).data());
            } catch (RuntimeException e) {
                close("no error response for " + request.apiKey() + ": " + e);
                return;
            }
        }
        flushReady();
    }

    private void flushReady() {
        boolean wrote = false;
        for (PendingResponse ready : responses.pollReady()) {
            if (ready.body() != null) {
                try {
                    for (Object part : ResponseEncoder.encode(ctx.alloc(), ready, tls == null)) {
                        ctx.write(part, ctx.voidPromise());
                    }
                } catch (RuntimeException e) {
                    log.error("Cannot encode response {} for {}; closing the connection", ready.correlationId,
                        remote(), e);
                    close("response encoding failed");
                    return;
                }
                wrote = true;
            }
        }
        pendingCount = responses.size();
        if (wrote) {
            ctx.flush();
        }
        if (state.sasl().failed() && responses.size() == 0) {
            closeAfterFlush("SASL authentication failed");
            return;
        }
        updateAutoRead();
    }

    /** Closes once what was written has reached the socket: a failed authentication's answer must arrive. */
    private void closeAfterFlush(String reason) {
        if (!closing) {
            log.warn("Closing connection from {}: {}", remote(), reason);
        }
        closing = true;
        pendingCount = 0;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void updateAutoRead() {
        boolean read = responses.size() < MAX_PENDING && ctx.channel().isWritable() && !throttle.muted();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tls != null && (cause instanceof javax.net.ssl.SSLException
            || cause instanceof DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException)) {
            tlsFailed(cause);
        } else if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", remote(), cause.toString());
            closing = true;
            ctx.close();
        } else if (cause instanceof DecoderException) {
            close("bad frame: " + cause.getMessage());
        } else {
            log.error("Unexpected error on connection from {}", remote(), cause);
            close("unexpected error");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        pendingCount = 0;
        throttle.close();
        try {
            state.closed();
        } catch (RuntimeException e) {
            log.error("A close hook failed for the connection from {}", remote(), e);
        }
        ctx.fireChannelInactive();
    }

    private void close(String reason) {
        if (!closing) {
            log.warn("Closing connection from {}: {}", remote(), reason);
        }
        closing = true;
        pendingCount = 0;
        ctx.close();
    }

    private Object remote() {
        return ctx.channel().remoteAddress();
    }
}
