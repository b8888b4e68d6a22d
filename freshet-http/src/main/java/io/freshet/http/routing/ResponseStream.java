package io.freshet.http.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a chunked answer (an event stream, streaming delivery reports). Event loop only; a writer on another
 * thread hops with {@link #execute}. Memory stays bounded by the writer: it checks {@link #isWritable()} (Netty's
 * write-buffer high water mark) and waits for {@link #onWritable} instead of queueing without end.
 */
public final class ResponseStream {

    private final HttpExchange exchange;
    private final ChannelHandlerContext ctx;
    private final List<Runnable> closeListeners = new ArrayList<>(1);
    private Runnable writableListener;
    private boolean open = true;

    ResponseStream(HttpExchange exchange, ChannelHandlerContext ctx) {
        this.exchange = exchange;
        this.ctx = ctx;
    }

    /** Writes {@code chunk} (released once written) and flushes. Ignored (released) once the stream ended. */
    public void write(ByteBuf chunk) {
        if (!open) {
            chunk.release();
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(chunk));
    }

    /** Writes {@code chunk} without flushing: for a burst, flushed by the next {@link #write} or {@link #flush}. */
    public void writeWithoutFlush(ByteBuf chunk) {
        if (!open) {
            chunk.release();
            return;
        }
        ctx.write(new DefaultHttpContent(chunk));
    }

    public void flush() {
        ctx.flush();
    }

    public void write(String text) {
        write(ByteBufUtil.writeUtf8(ctx.alloc(), text));
    }

    /** Whether the socket takes more now (below Netty's write-buffer high water mark). */
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    /** Runs {@code listener} on the event loop each time the socket becomes writable again. */
    public void onWritable(Runnable listener) {
        this.writableListener = listener;
    }

    /** Runs {@code listener} on the event loop when the client goes away before the stream ended. */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    public boolean isOpen() {
        return open && ctx.channel().isActive();
    }

    /** Runs {@code task} on the connection's event loop. */
    public void execute(Runnable task) {
        ctx.channel().eventLoop().execute(task);
    }

    /** Ends the body; the connection may serve its next request. */
    public void end() {
        if (!open) {
            return;
        }
        open = false;
        exchange.send(LastHttpContent.EMPTY_LAST_CONTENT, false);
    }

    /** Ends the connection without the last chunk, so the client sees the answer as cut off. */
    void fail() {
        open = false;
        ctx.channel().writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    void writabilityChanged() {
        if (open && writableListener != null && ctx.channel().isWritable()) {
            writableListener.run();
        }
    }

    void closed() {
        if (!open) {
            return;
        }
        open = false;
        closeListeners.forEach(Runnable::run);
    }
}
