package io.freshet.bench.report;

/** Percentiles of sorted samples by the nearest-rank method: the smallest sample with at least p% at or below it. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param sorted samples in ascending order, not empty
     * @param percentile in (0, 100]
     */
    public static long of(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile " + percentile + " is not in (0, 100]");
        }
        // The epsilon keeps 99.9% of 1000 at rank 999: in doubles it is 999.0000000000001.
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }
}
