package io.freshet.bench.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * The text/event-stream format (WHATWG HTML, "Server-sent events"), fed the response body in whatever pieces TCP
 * and chunking cut it into: lines end at LF (a CR before it is dropped); {@code data:} lines of an event are
 * joined with LF; {@code event:} names its type; {@code id:} sets the last event id; a line starting with ':' is a
 * comment (the broker's heartbeat); a blank line dispatches the event. A field name's value starts after the colon
 * and one optional space. Not thread-safe: one connection's event loop.
 */
public final class SseParser {

    /** Receives each dispatched event. {@code data} is valid only during the call. */
    public interface Listener {
        /** @param type the {@code event:} field, or null for the default ("message") */
        void onEvent(String type, ByteBuf data, boolean hasId);

        default void onComment() {
        }
    }

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;
    /** The part of a line that has not seen its LF yet. */
    private final ByteBuf partial = Unpooled.buffer(256);
    private final ByteBuf data = Unpooled.buffer(512);
    private boolean hasData;
    private String type;
    private boolean hasId;
    /** The last id's bytes, copied (not decoded: that would cost a String per event, millions a second). */
    private final ByteBuf lastEventId = Unpooled.buffer(32);

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    /** The last {@code id:} seen (what a reconnect would send as Last-Event-ID). */
    public String lastEventId() {
        return lastEventId.toString(StandardCharsets.UTF_8);
    }

    /** Consumes {@code chunk}'s readable bytes (does not release it). */
    public void feed(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            int lf = chunk.forEachByte(i, end - i, ByteProcessor.FIND_LF);
            if (lf < 0) {
                partial.writeBytes(chunk, i, end - i);
                break;
            }
            if (partial.isReadable()) {
                partial.writeBytes(chunk, i, lf - i);
                line(partial, partial.readerIndex(), partial.writerIndex());
                partial.clear();
            } else {
                line(chunk, i, lf);
            }
            i = lf + 1;
        }
        chunk.readerIndex(end);
    }

    private void line(ByteBuf buf, int from, int to) {
        if (to > from && buf.getByte(to - 1) == '\r') {
            to--;
        }
        if (to == from) {
            dispatch();
            return;
        }
        if (buf.getByte(from) == ':') {
            listener.onComment();
            return;
        }
        int colon = buf.indexOf(from, to, (byte) ':');
        int nameEnd = colon < 0 ? to : colon;
        int value = colon < 0 ? to : colon + 1;
        if (value < to && buf.getByte(value) == ' ') {
            value++;
        }
        if (is(buf, from, nameEnd, DATA)) {
            if (hasData) {
                data.writeByte('\n');
            }
            data.writeBytes(buf, value, to - value);
            hasData = true;
        } else if (is(buf, from, nameEnd, EVENT)) {
            type = buf.toString(value, to - value, StandardCharsets.UTF_8);
        } else if (is(buf, from, nameEnd, ID)) {
            lastEventId.clear().writeBytes(buf, value, to - value);
            hasId = true;
        }
        // other fields (retry:) and unknown ones are ignored, as a browser does
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(type, data, hasId);
        }
        data.clear();
        hasData = false;
        type = null;
        hasId = false;
    }

    private static boolean is(ByteBuf buf, int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (buf.getByte(from + k) != name[k]) {
                return false;
            }
        }
        return true;
    }
}
