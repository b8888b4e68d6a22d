package io.freshet.it;

import java.util.List;

/**
 * The rate a throttled producer is held to, from the times its records were acknowledged. A throttled producer is
 * acknowledged in bursts (a batch, then a throttle pause), so counting the acks inside a fixed interval is off by up
 * to a burst; the least-squares slope of the acknowledged bytes over time is not.
 */
public final class AckedRate {

    private AckedRate() {
    }

    /** Bytes per second: the slope of cumulative acknowledged bytes over {@code ackNanos} (sorted, same-size records). */
    public static double bytesPerSecond(List<Long> ackNanos, int recordBytes) {
        int n = ackNanos.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least two acknowledgements, got " + n);
        }
        double meanT = 0;
        double meanBytes = 0;
        for (int i = 0; i < n; i++) {
            meanT += ackNanos.get(i) / 1e9;
            meanBytes += (i + 1.0) * recordBytes;
        }
        meanT /= n;
        meanBytes /= n;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double dt = ackNanos.get(i) / 1e9 - meanT;
            covariance += dt * ((i + 1.0) * recordBytes - meanBytes);
            variance += dt * dt;
        }
        return covariance / variance;
    }
}
