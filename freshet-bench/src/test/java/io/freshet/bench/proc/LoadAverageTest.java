package io.freshet.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadAverageTest {

    @Test
    void shouldReadTheFirstFieldOfLoadavg() {
        assertThat(LoadAverage.parse("0.71 0.83 1.04 1/234 5678\n")).isEqualTo(0.71);
    }
}
