package io.freshet.bench.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.bench.mqtt.client.ClientErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * REST v2 batch produce on one keep-alive connection, closed loop: {@code POST /topics/T} with
 * {@code application/vnd.kafka.binary.v2+json} and a fixed body of {@code recordsPerRequest} records, the next
 * request as soon as the previous answer came, {@code requests} times. Each answer's {@code offsets} entries with
 * an offset and no error count as acknowledged.
 */
public final class BatchProducer extends SimpleChannelInboundHandler<FullHttpResponse> {

    public static final String CONTENT_TYPE = "application/vnd.kafka.binary.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientErrors errors;
    private final String path;
    private final ByteBuf body;
    private final int recordsPerRequest;
    private final long requests;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private long answered;
    private volatile long acknowledged;
    private volatile long failed;
    private volatile long firstSendNanos;
    private volatile long lastAnswerNanos;

    /** @param body the request body, shared by every request of every connection (never released) */
    public BatchProducer(ClientErrors errors, String path, ByteBuf body, int recordsPerRequest, long requests) {
        this.errors = errors;
        this.path = path;
        this.body = body;
        this.recordsPerRequest = recordsPerRequest;
        this.requests = requests;
    }

    /** {@code {"records":[{"value":"<base64>"}, ...]}} with {@code n} copies of {@code base64Value}. */
    public static ByteBuf body(String base64Value, int n) {
        StringBuilder json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"value\":\"").append(base64Value).append("\"}");
        }
        json.append("]}");
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(json.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public void install(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(4 * 1024 * 1024), this);
    }

    public CompletableFuture<Void> done() {
        return done;
    }

    public long acknowledged() {
        return acknowledged;
    }

    public long failed() {
        return failed;
    }

    public long firstSendNanos() {
        return firstSendNanos;
    }

    public long lastAnswerNanos() {
        return lastAnswerNanos;
    }

    public void connectFailed(Throwable cause) {
        errors.add("TCP connect failed", cause.toString());
        done.completeExceptionally(cause);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        firstSendNanos = System.nanoTime();
        send();
    }

    private void send() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
            body.duplicate());
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1").set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
            .set(HttpHeaderNames.ACCEPT, "application/vnd.kafka.v2+json")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ctx.writeAndFlush(request, ctx.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) throws IOException {
        answered++;
        if (!response.status().equals(HttpResponseStatus.OK)) {
            failed = failed + recordsPerRequest;
            errors.add("v2 produce answered " + response.status(), response.content().toString(StandardCharsets.UTF_8));
        } else {
            count(JSON.readTree((java.io.InputStream) new ByteBufInputStream(response.content())));
        }
        lastAnswerNanos = System.nanoTime();
        if (answered < requests) {
            send();
        } else {
            done.complete(null);
            ctx.close();
        }
    }

    private void count(JsonNode answer) {
        JsonNode offsets = answer.path("offsets");
        long ok = 0;
        for (JsonNode entry : offsets) {
            boolean error = entry.hasNonNull("error_code") || entry.hasNonNull("error");
            if (!error && entry.path("offset").canConvertToLong() && entry.path("offset").asLong() >= 0) {
                ok++;
            } else {
                errors.add("v2 offset entry with an error", entry.toString());
            }
        }
        if (offsets.size() != recordsPerRequest) {
            errors.add("v2 answer with " + offsets.size() + " offsets for " + recordsPerRequest + " records", "");
        }
        acknowledged = acknowledged + ok;
        failed = failed + (recordsPerRequest - ok);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done.isDone()) {
            errors.add("connection closed by the broker", path + " after " + answered + " answers");
            done.completeExceptionally(new IOException("connection closed after " + answered + " of " + requests
                + " answers"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add("socket or protocol error", cause.toString());
        done.completeExceptionally(cause);
        ctx.close();
    }

    public void abort() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
