package io.freshet.bench.http.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 100-byte record values of the fan-out cases and how a subscriber finds them again in the JSON the broker
 * pushes: ASCII {@code "SSSSSSSSSSSS DDDDDDDDDDDDDDDDDDD "} (the sequence number, 12 digits, and the
 * {@code System.nanoTime()} at which the schedule said the record was due, 19 digits) padded with {@code x}. Plain
 * ASCII, so the stream layer sends the value as a JSON string ({@code "value":"000000000042 ..."}), with nothing
 * to unescape. The monotonic clock is the same for the producer and the subscribers: they run in one JVM.
 */
public final class StampedValue {

    public static final int SIZE = 100;
    static final int SEQUENCE_DIGITS = 12;
    static final int DUE_DIGITS = 19;
    private static final byte[] VALUE_KEY = "\"value\"".getBytes(StandardCharsets.US_ASCII);

    /** Where a parse found nothing. */
    public static final long NONE = -1;

    private StampedValue() {
    }

    public static byte[] of(long sequence, long dueNanos) {
        byte[] value = new byte[SIZE];
        Arrays.fill(value, (byte) 'x');
        byte[] stamp = String.format("%012d %019d ", sequence, dueNanos).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stamp, 0, value, 0, stamp.length);
        return value;
    }

    /**
     * Reads the stamp of the record in one JSON object ({@code buf}'s readable bytes, e.g. an SSE {@code data:}
     * line or a WebSocket text frame) into {@code out} ([0] sequence, [1] due nanos); false when the object has no
     * {@code "value":"<stamp>...} (a gap event, a heartbeat, another shape). Reads only: the indexes are unchanged.
     */
    public static boolean parse(ByteBuf buf, long[] out) {
        int at = find(buf, buf.readerIndex(), buf.writerIndex(), VALUE_KEY);
        if (at < 0) {
            return false;
        }
        int i = skipSpaces(buf, at + VALUE_KEY.length, buf.writerIndex());
        if (i >= buf.writerIndex() || buf.getByte(i) != ':') {
            return false;
        }
        i = skipSpaces(buf, i + 1, buf.writerIndex());
        if (i >= buf.writerIndex() || buf.getByte(i) != '"') {
            return false;
        }
        i++;
        if (i + SEQUENCE_DIGITS + 1 + DUE_DIGITS > buf.writerIndex()) {
            return false;
        }
        long sequence = digits(buf, i, SEQUENCE_DIGITS);
        long due = buf.getByte(i + SEQUENCE_DIGITS) == ' ' ? digits(buf, i + SEQUENCE_DIGITS + 1, DUE_DIGITS) : NONE;
        if (sequence == NONE || due == NONE) {
            return false;
        }
        out[0] = sequence;
        out[1] = due;
        return true;
    }

    private static long digits(ByteBuf buf, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return NONE;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int skipSpaces(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && (buf.getByte(i) == ' ' || buf.getByte(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The index of {@code needle} in {@code buf[from, to)}, or -1. */
    static int find(ByteBuf buf, int from, int to, byte[] needle) {
        int i = from;
        while (i <= to - needle.length) {
            int first = buf.indexOf(i, to - needle.length + 1, needle[0]);
            if (first < 0) {
                return -1;
            }
            boolean match = true;
            for (int k = 1; k < needle.length && match; k++) {
                match = buf.getByte(first + k) == needle[k];
            }
            if (match) {
                return first;
            }
            i = first + 1;
        }
        return -1;
    }
}
