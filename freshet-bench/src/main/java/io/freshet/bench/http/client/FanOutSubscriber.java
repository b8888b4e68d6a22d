package io.freshet.bench.http.client;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber of a fan-out case, SSE or WebSocket: {@link #ready()} completes once the broker accepted the
 * stream (200 with text/event-stream; the WebSocket handshake), and every record pushed after that is tallied
 * ({@link SubscriberTally}) on the connection's event loop. Everything it sees that the contract does not allow
 * goes to the case's {@link ClientErrors}.
 */
public abstract class FanOutSubscriber extends ChannelInboundHandlerAdapter {

    private static final byte[] MISSED = "\"missed\"".getBytes(StandardCharsets.US_ASCII);

    protected final ClientErrors errors;
    protected final String path;
    private final SubscriberTally tally;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final long[] stamp = new long[2];
    /** Records received so far, for the harness's polls: written by the event loop only (lazySet: no fence). */
    private final AtomicLong received = new AtomicLong();
    /** The highest sequence number received so far (-1: none), published the same way. */
    private final AtomicLong lastSequence = new AtomicLong(-1);
    private volatile Channel channel;
    private volatile boolean closing;

    protected FanOutSubscriber(ClientErrors errors, String path, SubscriberTally tally) {
        this.errors = errors;
        this.path = path;
        this.tally = tally;
    }

    /** Records received so far (any sequence number), as of a moment ago. */
    public long received() {
        return received.get();
    }

    /** The highest sequence number received so far, as of a moment ago; -1 before the first. */
    public long lastSequence() {
        return lastSequence.get();
    }

    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Read only on the event loop, or after {@link #snapshot()}'s hand-over. */
    public SubscriberTally tally() {
        return tally;
    }

    /** Runs on the connection's event loop and completes there, so the harness then reads the tally safely. */
    public CompletableFuture<SubscriberTally> snapshot() {
        Channel ch = channel;
        if (ch == null) {
            return CompletableFuture.completedFuture(tally);
        }
        CompletableFuture<SubscriberTally> done = new CompletableFuture<>();
        ch.eventLoop().execute(() -> done.complete(tally));
        return done;
    }

    public void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    public void connectFailed(Throwable cause) {
        errors.add("TCP connect failed", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ready.completeExceptionally(cause);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closing) {
            errors.add("connection closed by the broker", path);
        }
        ready.completeExceptionally(new IOException("connection closed before the stream started"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            errors.add("socket or protocol error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        ready.completeExceptionally(cause);
        ctx.close();
    }

    protected final void accepted() {
        ready.complete(null);
    }

    protected final void refused(String why) {
        errors.add("stream refused", why);
        ready.completeExceptionally(new IOException(why));
        closing = true;
        channel.close();
    }

    protected final boolean isClosing() {
        return closing;
    }

    /**
     * One pushed message: a record (its JSON holds a stamped value), a gap ({@code "missed": N}), or something
     * else. {@code gap} says the transport already named it a gap event.
     */
    protected final void onMessage(ByteBuf json, boolean gap, long nowNanos) {
        if (!gap && StampedValue.parse(json, stamp)) {
            tally.record(stamp[0], stamp[1], nowNanos);
            received.lazySet(received.get() + 1);
            if (stamp[0] > lastSequence.get()) {
                lastSequence.lazySet(stamp[0]);
            }
            return;
        }
        long missed = JsonObjectSplitter.intField(json, json.readerIndex(), json.writerIndex(), MISSED, -2);
        if (gap || missed != -2) {
            tally.gap(missed);
        } else {
            tally.notUnderstood();
        }
    }
}
