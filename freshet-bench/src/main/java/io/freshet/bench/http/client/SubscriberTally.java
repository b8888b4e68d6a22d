package io.freshet.bench.http.client;

import io.freshet.bench.report.LatencyHistogram;

/**
 * What one subscriber received of a fan-out case, kept on its event loop: the records of the measured sequence
 * range [{@code from}, {@code to}) counted once each, their latencies (arrival minus due time), and what the
 * contract forbids on a one-partition topic: a sequence number not above the previous one (a duplicate or a record
 * out of order) and records skipped (a jump forward), besides the {@code gap} events of a memory topic, which tell
 * how many were skipped.
 */
public final class SubscriberTally {

    private final long from;
    private final long to;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long measured;
    private long last = -1;
    private long notAfterPrevious;
    private long skipped;
    private long gapEvents;
    private long gapMissed;
    private long unparsed;

    public SubscriberTally(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** A record arrived at {@code nowNanos}. */
    public void record(long sequence, long dueNanos, long nowNanos) {
        if (sequence <= last) {
            notAfterPrevious++;
            return;
        }
        if (last >= 0 && sequence > last + 1) {
            skipped += sequence - last - 1;
        }
        last = sequence;
        if (sequence >= from && sequence < to) {
            measured++;
            latencies.record(nowNanos - dueNanos);
        }
    }

    /** A {@code gap} event: the broker says {@code missed} records were skipped (-1: it did not say how many). */
    public void gap(long missed) {
        gapEvents++;
        gapMissed += Math.max(0, missed);
    }

    /** A message that is neither a stamped record nor a gap. */
    public void notUnderstood() {
        unparsed++;
    }

    public long measured() {
        return measured;
    }

    public long last() {
        return last;
    }

    public long notAfterPrevious() {
        return notAfterPrevious;
    }

    public long skipped() {
        return skipped;
    }

    public long gapEvents() {
        return gapEvents;
    }

    public long gapMissed() {
        return gapMissed;
    }

    public long unparsed() {
        return unparsed;
    }

    public LatencyHistogram latencies() {
        return latencies;
    }
}
