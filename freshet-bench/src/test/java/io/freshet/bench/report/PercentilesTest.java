package io.freshet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long[] ONE_TO_THOUSAND = LongStream.rangeClosed(1, 1000).toArray();

    @Test
    void shouldTakeTheNearestRank() {
        assertThat(Percentiles.of(ONE_TO_THOUSAND, 50)).isEqualTo(500);
        assertThat(Percentiles.of(ONE_TO_THOUSAND, 99)).isEqualTo(990);
        assertThat(Percentiles.of(ONE_TO_THOUSAND, 99.9)).isEqualTo(999);
        assertThat(Percentiles.of(ONE_TO_THOUSAND, 100)).isEqualTo(1000);
    }

    @Test
    void shouldRoundTheRankUpOnSmallSamples() {
        long[] sorted = {10, 20, 30};

        assertThat(Percentiles.of(sorted, 50)).isEqualTo(20);
        assertThat(Percentiles.of(sorted, 99)).isEqualTo(30);
        assertThat(Percentiles.of(sorted, 0.1)).isEqualTo(10);
        assertThat(Percentiles.of(new long[] {7}, 99.9)).isEqualTo(7);
    }

    @Test
    void shouldRejectNoSamplesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Percentiles.of(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(ONE_TO_THOUSAND, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(ONE_TO_THOUSAND, 100.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
