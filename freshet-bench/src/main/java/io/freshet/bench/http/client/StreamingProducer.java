package io.freshet.bench.http.client;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * REST v3 streaming produce on one connection: one {@code POST .../records} with a chunked body of
 * {@code total} concatenated record objects (one per line), written while at most {@code window} records lack
 * their delivery report and the channel is writable; the reports stream back on the same response and are
 * counted as they come (error_code 200: acknowledged; any other: failed). {@link #done()} completes when the
 * response ends, exceptionally if it ended before every report.
 */
public final class StreamingProducer extends ChannelInboundHandlerAdapter implements JsonObjectSplitter.Listener {

    private static final byte[] ERROR_CODE = "\"error_code\"".getBytes(StandardCharsets.US_ASCII);
    /** Records per chunk of the request body: about 8 KiB. */
    public static final int RECORDS_PER_CHUNK = 50;

    private final ClientErrors errors;
    private final String path;
    private final byte[] record;
    private final long total;
    private final int window;
    private final JsonObjectSplitter reports = new JsonObjectSplitter(this);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private long sent;
    private volatile long acknowledged;
    private volatile long failed;
    private volatile long firstSendNanos;
    private volatile long lastReportNanos;
    private boolean bodyEnded;
    private boolean responseOk;

    /** @param record one record object's JSON, newline-terminated */
    public StreamingProducer(ClientErrors errors, String path, byte[] record, long total, int window) {
        this.errors = errors;
        this.path = path;
        this.record = record;
        this.total = total;
        this.window = window;
    }

    public void install(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), this);
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

    public long lastReportNanos() {
        return lastReportNanos;
    }

    public void connectFailed(Throwable cause) {
        errors.add("TCP connect failed", cause.toString());
        done.completeExceptionally(cause);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path);
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1")
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ctx.write(request);
        firstSendNanos = System.nanoTime();
        pump();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump();
        ctx.fireChannelWritabilityChanged();
    }

    /** Writes what the window and the channel allow, then the body's end once every record is written. */
    private void pump() {
        boolean wrote = false;
        while (!bodyEnded && ctx.channel().isWritable()) {
            long room = Math.min(total - sent, window - (sent - acknowledged - failed));
            if (room <= 0) {
                break;
            }
            int n = (int) Math.min(room, RECORDS_PER_CHUNK);
            ByteBuf chunk = ctx.alloc().buffer(n * record.length);
            for (int i = 0; i < n; i++) {
                chunk.writeBytes(record);
            }
            ctx.write(new DefaultHttpContent(chunk), ctx.voidPromise());
            sent += n;
            wrote = true;
            if (sent == total) {
                ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
                bodyEnded = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                responseOk = response.status().equals(HttpResponseStatus.OK);
                if (!responseOk) {
                    errors.add("streaming produce refused", response.status().toString());
                }
            }
            if (msg instanceof HttpContent content) {
                if (!responseOk) {
                    errors.add("refusal body", content.content().toString(StandardCharsets.UTF_8));
                } else {
                    reports.feed(content.content());
                    pump();
                }
                if (msg instanceof LastHttpContent) {
                    finish();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onObject(ByteBuf buf, int from, int to) {
        long code = JsonObjectSplitter.intField(buf, from, to, ERROR_CODE, -1);
        if (code == 200) {
            acknowledged = acknowledged + 1;
        } else {
            failed = failed + 1;
            errors.add("delivery report with error_code " + code, buf.toString(from, Math.min(to - from, 300),
                StandardCharsets.UTF_8));
        }
        lastReportNanos = System.nanoTime();
    }

    private void finish() {
        ctx.close();
        long reported = acknowledged + failed;
        if (reported == total) {
            done.complete(null);
        } else {
            done.completeExceptionally(new IOException("the response ended after " + reported + " of " + total
                + " delivery reports"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done.isDone()) {
            errors.add("connection closed by the broker", path + " after " + (acknowledged + failed) + " reports");
            done.completeExceptionally(new IOException("connection closed after " + (acknowledged + failed) + " of "
                + total + " delivery reports"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add("socket or protocol error", cause.toString());
        done.completeExceptionally(cause);
        ctx.close();
    }

    /** Closes the connection (a case that timed out). */
    public void abort() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
