package io.freshet.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldGivePercentilesOfAUniformSpreadWithinThreePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long micros = 1; micros <= 100_000; micros++) {
            histogram.record(micros);
        }
        assertThat(histogram.count()).isEqualTo(100_000);
        assertThat(histogram.percentile(50)).isCloseTo(50_000, withPercentage(3));
        assertThat(histogram.percentile(95)).isCloseTo(95_000, withPercentage(3));
        assertThat(histogram.percentile(99)).isCloseTo(99_000, withPercentage(3));
        assertThat(histogram.percentile(99.9)).isCloseTo(99_900, withPercentage(3));
        assertThat(histogram.percentile(100)).isEqualTo(100_000);
        assertThat(histogram.max()).isEqualTo(100_000);
        assertThat(histogram.mean()).isCloseTo(50_000.5, withPercentage(0.01));
    }

    @Test
    void shouldSeeASlowTailThatTheMedianHides() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            histogram.record(2_000);
        }
        for (int i = 0; i < 10; i++) {
            histogram.record(250_000);
        }
        assertThat(histogram.percentile(50)).isCloseTo(2_000, withPercentage(3));
        assertThat(histogram.percentile(99)).isCloseTo(2_000, withPercentage(3));
        assertThat(histogram.percentile(99.9)).isEqualTo(250_000);
        assertThat(histogram.max()).isEqualTo(250_000);
    }

    @Test
    void shouldBeExactForSmallValuesAndZeroWhenEmpty() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentile(99)).isZero();
        assertThat(histogram.mean()).isZero();
        histogram.record(7);
        histogram.record(63);
        assertThat(histogram.percentile(50)).isEqualTo(7);
        assertThat(histogram.percentile(100)).isEqualTo(63);
    }

    @Test
    void shouldPlaceEveryValueInABucketWhoseUpperBoundIsWithinThreePercent() {
        for (long value = 0; value < 1L << 40; value = value * 3 / 2 + 1) {
            long upper = LatencyHistogram.upperBound(LatencyHistogram.index(value));
            assertThat(upper).isGreaterThanOrEqualTo(value);
            assertThat(upper - value).isLessThanOrEqualTo(value / 32);
        }
        histogramAcceptsHugeValues();
    }

    private static void histogramAcceptsHugeValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Long.MAX_VALUE);
        histogram.record(-5);
        assertThat(histogram.count()).isEqualTo(2);
        assertThat(histogram.percentile(50)).isZero();
    }
}
