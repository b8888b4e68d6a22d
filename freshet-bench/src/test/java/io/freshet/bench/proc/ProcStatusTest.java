package io.freshet.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

    private static final String STATUS = """
        Name:\tjava
        Umask:\t0022
        State:\tS (sleeping)
        VmPeak:\t 4123456 kB
        VmHWM:\t  312344 kB
        VmRSS:\t  204800 kB
        Threads:\t42
        """;

    @Test
    void shouldReadResidentAndPeakResidentInKib() {
        ProcStatus status = ProcStatus.parse(STATUS);

        assertThat(status.rssKib()).isEqualTo(204800);
        assertThat(status.hwmKib()).isEqualTo(312344);
        assertThat(status.rssMib()).isEqualTo(200.0);
    }

    @Test
    void shouldGiveMinusOneForMissingLines() {
        assertThat(ProcStatus.parse("Name:\tkthreadd\n")).isEqualTo(new ProcStatus(-1, -1));
    }

    @Test
    void shouldReadThisProcess() {
        assertThat(ProcStatus.of(ProcessHandle.current().pid()).rssKib()).isPositive();
    }
}
