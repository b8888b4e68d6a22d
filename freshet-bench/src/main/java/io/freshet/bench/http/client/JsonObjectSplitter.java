package io.freshet.bench.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Cuts a byte stream of concatenated JSON objects (whitespace or nothing between them, e.g. the delivery reports
 * of a v3 streaming produce) into whole objects, whatever pieces the stream arrives in: it tracks brace depth
 * outside strings (and escapes inside them), and hands each top-level object to the listener. Bytes between
 * objects that are not whitespace are counted as junk. Not thread-safe: one connection's event loop.
 */
public final class JsonObjectSplitter {

    /** Receives each whole object: {@code buf[from, to)}, valid only during the call. */
    public interface Listener {
        void onObject(ByteBuf buf, int from, int to);
    }

    private final Listener listener;
    private final ByteBuf pending = Unpooled.buffer(4096);
    private int scanned;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private int objectStart = -1;
    private long junk;

    public JsonObjectSplitter(Listener listener) {
        this.listener = listener;
    }

    /** Non-whitespace bytes seen outside any object. */
    public long junk() {
        return junk;
    }

    /** Whether a started object is still waiting for its end. */
    public boolean inObject() {
        return depth > 0;
    }

    /** Consumes {@code chunk}'s readable bytes (does not release it). */
    public void feed(ByteBuf chunk) {
        pending.writeBytes(chunk);
        int end = pending.writerIndex();
        for (int i = scanned; i < end; i++) {
            byte b = pending.getByte(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = depth > 0;
                junk += depth > 0 ? 0 : 1;
            } else if (b == '{') {
                if (depth++ == 0) {
                    objectStart = i;
                }
            } else if (b == '}') {
                if (depth == 0) {
                    junk++;
                } else if (--depth == 0) {
                    listener.onObject(pending, objectStart, i + 1);
                    objectStart = -1;
                }
            } else if (depth == 0 && b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != ',') {
                junk++;
            }
        }
        // Keep only the unfinished object (if any), so the buffer stays one object long.
        int keepFrom = objectStart >= 0 ? objectStart : end;
        pending.readerIndex(keepFrom);
        pending.discardReadBytes();
        if (objectStart >= 0) {
            objectStart = 0;
        }
        scanned = pending.writerIndex();
    }

    /**
     * The integer after {@code "name":} in {@code buf[from, to)}, or {@code fallback} when absent or not a number
     * (e.g. {@code null}).
     */
    public static long intField(ByteBuf buf, int from, int to, byte[] quotedName, long fallback) {
        int at = StampedValue.find(buf, from, to, quotedName);
        if (at < 0) {
            return fallback;
        }
        int i = at + quotedName.length;
        while (i < to && (buf.getByte(i) == ' ' || buf.getByte(i) == ':')) {
            i++;
        }
        boolean negative = i < to && buf.getByte(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < to && buf.getByte(i) >= '0' && buf.getByte(i) <= '9') {
            v = v * 10 + (buf.getByte(i++) - '0');
            digits++;
        }
        return digits == 0 ? fallback : negative ? -v : v;
    }
}
