package io.freshet.bench.report;

/**
 * Latencies counted in log-linear buckets (as HdrHistogram does, in a few lines): exact below 128 ns, then 64
 * buckets per power of two, so a percentile is within 1/64 (1.6%) of the true value; the max is kept exactly.
 * Millions of samples per second cost an increment each and 15 KiB per histogram, where sorted arrays of every
 * sample (the MQTT bench's way) would need gigabytes for 1,000 subscribers. Not thread-safe: one writer (a
 * subscriber's event loop); others read it after a hand-over that orders the memory (a task on that loop).
 */
public final class LatencyHistogram {

    private static final int EXACT = 128;
    private static final int SUB_BUCKETS = 64;
    /** Up to 2^63 ns: exponents 7..62. */
    private static final int BUCKETS = EXACT + (63 - 7) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max = Long.MIN_VALUE;
    private long min = Long.MAX_VALUE;

    /** Negative values (a clock that went backwards between processes, which cannot happen with one JVM) count as 0. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
        min = Math.min(min, v);
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
        min = Math.min(min, other.min);
    }

    public long count() {
        return total;
    }

    /** The largest value recorded; NaN-free: 0 when empty. */
    public long max() {
        return total == 0 ? 0 : max;
    }

    /**
     * The nearest-rank percentile (the smallest recorded value with at least p% at or below it), as the upper end of
     * its bucket, never above the max.
     */
    public long percentile(double percentile) {
        if (total == 0) {
            throw new IllegalStateException("no samples");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile " + percentile + " is not in (0, 100]");
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total - 1e-9));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.max(min, Math.min(max, upperBound(i)));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);     // >= 7
        int shift = exponent - 6;
        int sub = (int) (v >>> shift);                         // 64..127
        return EXACT + (exponent - 7) * SUB_BUCKETS + (sub - SUB_BUCKETS);
    }

    static long upperBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = (index - EXACT) / SUB_BUCKETS + 7;
        long sub = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
        int shift = exponent - 6;
        return ((sub + 1) << shift) - 1;
    }
}
