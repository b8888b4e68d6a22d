package io.freshet.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcCpuTest {

    @Test
    void shouldAddUserAndSystemTicks() {
        String stat = "1234 (java) S 1 1234 1234 0 -1 4194560 5000 0 0 0 250 125 0 0 20 0 42 0 100 0 0";

        assertThat(ProcCpu.parseSeconds(stat)).isCloseTo(3.75, within(1e-9));
    }

    @Test
    void shouldCountFieldsAfterACommandNameWithSpacesAndParentheses() {
        String stat = "77 (Web (Content) 2) R 1 77 77 0 -1 0 0 0 0 0 1000 500 7 7 20 0 1 0 100 0 0";

        assertThat(ProcCpu.parseSeconds(stat)).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void shouldReadThisProcess() {
        assertThat(ProcCpu.seconds(ProcessHandle.current().pid())).isGreaterThanOrEqualTo(0);
    }
}
