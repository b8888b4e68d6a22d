package io.freshet.bench.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadAverageTest {

    @Test
    void shouldReadTheOneMinuteField() {
        assertThat(LoadAverage.parse("0.71 0.83 1.04 1/234 5678\n")).isEqualTo(0.71);
    }
}
