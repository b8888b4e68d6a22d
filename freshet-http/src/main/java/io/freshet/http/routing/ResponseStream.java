package io.freshet.http.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of a chunked answer (an event stream, streaming delivery reports). Event loop only; a writer on another
 * thread hops with {@link #execute}. Memory stays bounded by the writer: it checks {@link #isWritable()} (Netty's
 * write-buffer high water mark) and waits for {@link #onWritable} instead of queueing without end.
 */
public final class ResponseStream {

    private static final int CRLF = ('\r' << 8) | '\n';

    private final HttpExchange exchange;
    private final ChannelHandlerContext ctx;
    private final List<Runnable> closeListeners = new ArrayList<>(1);
    private Runnable writableListener;
    /** The HTTP codec's context: a write from it goes straight to the socket's outbound buffer. */
    private ChannelHandlerContext encoder;
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

    /**
     * Writes {@code framed}, bytes already framed as one chunk of the body ({@link #frame}), without flushing, past
     * the handlers that would only frame it and pass it on (the HTTP encoder, the compressor, which never compresses a
     * stream, CORS): for bytes framed once and written to many streams, each pass through those handlers costs more
     * than the write itself. Ordered with every other write, which all happen on the event loop.
     */
    public void writeFramed(ByteBuf framed) {
        if (!open) {
            framed.release();
            return;
        }
        if (encoder == null) {
            encoder = ctx.pipeline().context(HttpServerCodec.class);
        }
        encoder.write(framed, encoder.voidPromise());
    }

    /** {@code data} as one chunk of a chunked body (RFC 9112 7.1): its size in hex, CRLF, the data, CRLF. */
    public static ByteBuf frame(ByteBufAllocator alloc, ByteBuf data) {
        int size = data.readableBytes();
        ByteBuf framed = alloc.buffer(size + 12);
        ByteBufUtil.writeAscii(framed, Integer.toHexString(size));
        framed.writeShort(CRLF);
        framed.writeBytes(data, data.readerIndex(), size);
        framed.writeShort(CRLF);
        return framed;
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
