package io.freshet.tools.bench;

/**
 * Latencies in microseconds, counted in log-linear buckets: exact below 64 µs, then 32 buckets per power of two,
 * so a percentile is within about 3% of the true value (the bucket's upper end is reported, never more than the
 * maximum seen) in a fixed 9 KiB, whatever the count. Recorded by the producer's I/O thread (send callbacks), read
 * by the command's thread for the progress line: the methods are synchronized, uncontended but for the one read
 * a second.
 */
final class LatencyHistogram {

    private static final int EXACT = 64;
    private static final int SUB_BUCKET_BITS = 5; // 32 per power of two
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAX_MAGNITUDE = 40; // 2^41 µs is 25 days: larger values are counted as that
    private static final long MAX_VALUE = (1L << (MAX_MAGNITUDE + 1)) - 1;

    private final long[] counts = new long[index(MAX_VALUE) + 1];
    private long count;
    private long sum;
    private long max;

    synchronized void record(long micros) {
        long value = Math.max(0, Math.min(micros, MAX_VALUE));
        counts[index(value)]++;
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    synchronized long count() {
        return count;
    }

    synchronized long max() {
        return max;
    }

    synchronized double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /** The latency that {@code percentile}% of the recorded ones are at or below; 0 when nothing was recorded. */
    synchronized long percentile(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value); // >= 6
        int shift = magnitude - SUB_BUCKET_BITS;
        return EXACT + (magnitude - 6) * SUB_BUCKETS + (int) ((value >> shift) - SUB_BUCKETS);
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int magnitude = 6 + (index - EXACT) / SUB_BUCKETS;
        int sub = (index - EXACT) % SUB_BUCKETS;
        int shift = magnitude - SUB_BUCKET_BITS;
        return ((long) (SUB_BUCKETS + sub + 1) << shift) - 1;
    }
}
