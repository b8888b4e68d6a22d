package io.freshet.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void shouldAddTheBusyFieldsOfTheCpuLine() {
        String stat = "cpu  100 5 50 9000 40 3 2 1 0 0\ncpu0 50 2 25 4500 20 1 1 0 0 0\nintr 123\n";

        // user 100 + nice 5 + system 50 + irq 3 + softirq 2 + steal 1 = 161 ticks; idle and iowait left out
        assertThat(MachineCpu.parseBusySeconds(stat)).isEqualTo(1.61);
    }
}
