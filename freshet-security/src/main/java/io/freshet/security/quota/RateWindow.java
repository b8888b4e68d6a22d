package io.freshet.security.quota;

/**
 * The observed rate of one quota entity, measured as Kafka's {@code Rate} over a {@code SampledStat} measures it:
 * {@code samples} windows of {@code windowMs} each; a window starts at the first record after the previous one
 * filled its time; windows older than {@code samples x windowMs} are forgotten; the rate is the sum over the kept
 * windows divided by the time since the oldest one began, counted as at least {@code samples - 1} full windows (so
 * a new client is not judged on its first millisecond: it may burst up to that many windows' worth of quota).
 *
 * <p>Not thread-safe: {@link QuotaManager} locks it.
 */
final class RateWindow {

    private final long windowMs;
    private final long[] starts;
    private final double[] values;
    private int current;
    private long lastRecordMs;

    RateWindow(int samples, long windowMs, long nowMs) {
        this.windowMs = windowMs;
        this.starts = new long[samples];
        this.values = new double[samples];
        java.util.Arrays.fill(starts, nowMs);
        this.lastRecordMs = nowMs;
    }

    void record(double value, long nowMs) {
        if (nowMs - starts[current] >= windowMs) {
            current = (current + 1) % starts.length;
            starts[current] = nowMs;
            values[current] = 0;
        }
        values[current] += value;
        lastRecordMs = nowMs;
    }

    /** Units per second over the kept windows. */
    double rate(long nowMs) {
        forgetOld(nowMs);
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total / (windowSizeMs(nowMs) / 1000.0);
    }

    /** The time the rate is measured over, as Kafka's {@code Rate.windowSize}: at least samples - 1 windows. */
    long windowSizeMs(long nowMs) {
        forgetOld(nowMs);
        long oldest = starts[current];
        for (long start : starts) {
            oldest = Math.min(oldest, start);
        }
        long elapsed = nowMs - oldest;
        long fullWindows = elapsed / windowMs;
        long minFullWindows = starts.length - 1L;
        if (fullWindows < minFullWindows) {
            elapsed += (minFullWindows - fullWindows) * windowMs;
        }
        return Math.max(elapsed, 1);
    }

    long lastRecordMs() {
        return lastRecordMs;
    }

    private void forgetOld(long nowMs) {
        long expireAge = starts.length * windowMs;
        for (int i = 0; i < starts.length; i++) {
            if (nowMs - starts[i] >= expireAge) {
                starts[i] = nowMs;
                values[i] = 0;
            }
        }
    }
}
