package io.freshet.bench.mqtt.client;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Publish-to-delivery latencies of a fixed-rate run, from the payloads {@link RatePublisher} writes:
 * bytes 0-7 the time (System.nanoTime) the schedule said the message was due, 8-15 its sequence number. Messages
 * numbered below {@code warmUp} are the warm-up and not recorded; a sequence number seen twice is a duplicate.
 * Written by the subscriber's event loop; read once the run is over ({@link #sortedNanos()} after the harness
 * has waited for the subscriber, which orders the reads after the writes through the counters' volatile reads).
 */
public final class LatencyRecorder implements DeliveryListener {

    private final long warmUp;
    private final long[] nanos;
    private final boolean[] seen;
    private volatile int recorded;
    private volatile int duplicates;

    public LatencyRecorder(long warmUp, int measured) {
        this.warmUp = warmUp;
        this.nanos = new long[measured];
        this.seen = new boolean[measured];
    }

    /** Writes the header into the first 16 bytes of a payload. */
    static void stamp(ByteBuf payload, long dueNanos, long sequence) {
        payload.setLong(0, dueNanos);
        payload.setLong(8, sequence);
    }

    @Override
    public void onDelivery(ByteBuf payload, long nowNanos) {
        long due = payload.getLong(payload.readerIndex());
        long sequence = payload.getLong(payload.readerIndex() + 8);
        long index = sequence - warmUp;
        if (index < 0 || index >= nanos.length) {
            return;
        }
        int i = (int) index;
        if (seen[i]) {
            duplicates = duplicates + 1;
            return;
        }
        seen[i] = true;
        nanos[i] = nowNanos - due;
        recorded = recorded + 1;
    }

    public int expected() {
        return nanos.length;
    }

    /** Distinct measured messages received so far. */
    public int recorded() {
        return recorded;
    }

    public int duplicates() {
        return duplicates;
    }

    /** The latencies of the measured messages received, ascending. */
    public long[] sortedNanos() {
        int n = recorded;
        long[] out = new long[n];
        int j = 0;
        for (int i = 0; i < nanos.length && j < n; i++) {
            if (seen[i]) {
                out[j++] = nanos[i];
            }
        }
        long[] result = Arrays.copyOf(out, j);
        Arrays.sort(result);
        return result;
    }
}
