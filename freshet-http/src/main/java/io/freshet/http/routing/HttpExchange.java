package io.freshet.http.routing;

import io.freshet.http.security.RequestAccess;

import io.freshet.http.json.Json;
import io.freshet.http.error.HttpErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.freshet.http.error.RestException;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request and its answer. The request's head, path parameters and (for {@link RequestHandler}s) its whole
 * body; the answer is either one response ({@code respond*}) or a chunked stream ({@link #startStream}), exactly
 * once. Answering may happen on any thread: it hops to the connection's event loop. Everything else is for the
 * event loop.
 */
public final class HttpExchange {

    public static final String JSON = "application/json";

    private final HttpConnection connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final Map<String, String> params;
    private final QueryStringDecoder query;
    private boolean keepAlive;
    private ByteBuf body = Unpooled.EMPTY_BUFFER;
    private boolean answered;
    private ResponseStream stream;
    private RequestAccess access = RequestAccess.OPEN;

    HttpExchange(HttpConnection connection, ChannelHandlerContext ctx, HttpRequest request,
                 Map<String, String> params) {
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        this.params = params;
        this.query = new QueryStringDecoder(request.uri());
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }

    /** What this request's principal may do (set once its credentials are checked, before its handler runs). */
    public RequestAccess access() {
        return access;
    }

    void access(RequestAccess checked) {
        this.access = checked == null ? RequestAccess.OPEN : checked;
    }

    public HttpRequest request() {
        return request;
    }

    public HttpMethod method() {
        return request.method();
    }

    /** The path, percent-decoded, without the query. */
    public String path() {
        return query.path();
    }

    /** The value of the path's {@code {name}} segment. */
    public String pathParam(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No path parameter " + name + " in " + request.uri());
        }
        return value;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> query(String name) {
        List<String> values;
        try {
            values = query.parameters().get(name);
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("Malformed percent-encoding in the query: " + e.getMessage());
        }
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A request header, or null. */
    public String header(CharSequence name) {
        return request.headers().get(name);
    }

    /** The request's content type without parameters ({@code application/json}), lower case; "" when absent. */
    public String contentType() {
        String type = header(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The whole body of a {@link RequestHandler}'s request (empty for none, and for streaming handlers). Valid
     * until the exchange is answered.
     */
    public ByteBuf body() {
        return body;
    }

    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(body);
    }

    void body(ByteBuf whole) {
        this.body = whole;
    }

    /** {@code http://HOST[:PORT]} as the client addressed this server (its Host header), for links in answers. */
    public String baseUrl() {
        String host = header(HttpHeaderNames.HOST);
        if (host == null || host.isEmpty()) {
            host = ctx.channel().localAddress().toString().replaceFirst("^/", "");
        }
        return "http://" + host;
    }

    public Channel channel() {
        return ctx.channel();
    }

    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** Stops reading from the socket (back-pressure while the answer cannot keep up). Event loop only. */
    public void pauseReading() {
        ctx.channel().config().setAutoRead(false);
    }

    public void resumeReading() {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    /**
     * The connection closes once this exchange is answered: its request was refused before its body ended, and the
     * rest of that body is not worth reading.
     */
    public void closeAfterAnswer() {
        keepAlive = false;
    }

    public boolean answered() {
        return answered;
    }

    /** Answers {@code body} as JSON ({@code application/json}). */
    public void respondJson(int status, Object body) {
        respondJson(status, body, JSON);
    }

    public void respondJson(int status, Object body, String contentType) {
        byte[] bytes = Json.bytes(body);
        respond(HttpResponseStatus.valueOf(status), contentType, Unpooled.wrappedBuffer(bytes));
    }

    /** Answers 204 No Content. */
    public void respondNoContent() {
        respond(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER);
    }

    /** Answers {@code error} as {@link HttpErrors} maps it. */
    public void respondError(Throwable error) {
        HttpErrors.ErrorBody answer = HttpErrors.toBody(error);
        respond(HttpResponseStatus.valueOf(answer.status()), JSON, Unpooled.wrappedBuffer(answer.json()),
            HttpErrors.headers(answer));
    }

    public void respond(HttpResponseStatus status, String contentType, ByteBuf content) {
        respond(status, contentType, content, Map.of());
    }

    /** {@link #respond(HttpResponseStatus, String, ByteBuf)} with {@code headers} added ({@code Cache-Control}). */
    public void respond(HttpResponseStatus status, String contentType, ByteBuf content,
                        Map<? extends CharSequence, String> headers) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> respond(status, contentType, content, headers));
            return;
        }
        if (answered) {
            content.release();
            if (stream != null && stream.isOpen()) {
                stream.fail(); // an error after the head went out: the client must not take the stream as complete
            }
            return;
        }
        answered = true;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        headers.forEach(response.headers()::set);
        HttpUtil.setContentLength(response, content.readableBytes());
        send(response, true);
    }

    /**
     * Sends the head of a chunked answer; the body follows through the stream. Event loop only.
     */
    public ResponseStream startStream(HttpResponseStatus status, String contentType) {
        return startStream(status, contentType, Map.of());
    }

    /** {@link #startStream(HttpResponseStatus, String)} with {@code headers} added to the head. */
    public ResponseStream startStream(HttpResponseStatus status, String contentType,
                                      Map<? extends CharSequence, String> headers) {
        if (answered) {
            throw new IllegalStateException("Already answered: " + request.uri());
        }
        answered = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        headers.forEach(head.headers()::set);
        HttpUtil.setKeepAlive(head, keepAlive);
        stream = new ResponseStream(this, ctx);
        ctx.writeAndFlush(head);
        return stream;
    }

    /** The full response, or a stream's last chunk, was written: the connection may serve its next request. */
    void send(Object responseOrLast, boolean full) {
        if (full) {
            HttpUtil.setKeepAlive((HttpResponse) responseOrLast, keepAlive);
        }
        var future = ctx.writeAndFlush(responseOrLast);
        releaseBody();
        if (!keepAlive) {
            future.addListener(f -> connection.closeOnceRequestRead());
        }
        connection.exchangeDone(this);
    }

    ResponseStream stream() {
        return stream;
    }

    void releaseBody() {
        if (body.refCnt() > 0 && body != Unpooled.EMPTY_BUFFER) {
            body.release();
        }
        body = Unpooled.EMPTY_BUFFER;
    }
}
