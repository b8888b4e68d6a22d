package io.freshet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldGivePercentilesWithinOneBucketOfTheExactOnes() {
        Random random = new Random(42);
        long[] samples = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++) {
            // 50 us to ~1 s, log-uniform: every bucket width is exercised
            samples[i] = (long) Math.exp(Math.log(50_000) + random.nextDouble() * Math.log(20_000));
            histogram.record(samples[i]);
        }
        Arrays.sort(samples);

        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            long exact = Percentiles.of(samples, p);
            assertThat((double) histogram.percentile(p)).as("p%s", p).isCloseTo(exact, within(exact / 64.0 + 1));
        }
        assertThat(histogram.count()).isEqualTo(samples.length);
        assertThat(histogram.max()).isEqualTo(samples[samples.length - 1]);
    }

    @Test
    void shouldBeExactForSmallValuesAndAddUp() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(3);
        a.record(5);
        b.record(100);
        b.record(-7);   // counted as 0

        a.add(b);

        assertThat(a.count()).isEqualTo(4);
        assertThat(a.percentile(25)).isEqualTo(0);
        assertThat(a.percentile(50)).isEqualTo(3);
        assertThat(a.percentile(75)).isEqualTo(5);
        assertThat(a.percentile(100)).isEqualTo(100);
    }

    @Test
    void shouldMapEveryValueIntoABucketThatHoldsIt() {
        for (long v : new long[] {127, 128, 129, 1_000, 65_535, 1L << 40, Long.MAX_VALUE / 2}) {
            int index = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.upperBound(index)).as("upper bound of %s", v).isGreaterThanOrEqualTo(v);
            assertThat(index == 0 || LatencyHistogram.upperBound(index - 1) < v).as("previous bucket below %s", v)
                .isTrue();
        }
    }
}
