package io.freshet.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void passesSumTheirRecordsAndTimeAndWeighTheClientThreadByTime() {
        Throughput first = new Throughput(1_000, 100_000, 1.0, 0.8);
        Throughput second = new Throughput(3_000, 300_000, 3.0, 0.4);

        Throughput both = first.plus(second);

        assertThat(both.records()).isEqualTo(4_000);
        assertThat(both.bytes()).isEqualTo(400_000);
        assertThat(both.seconds()).isEqualTo(4.0);
        assertThat(both.recordsPerSecond()).isEqualTo(1_000.0);
        assertThat(both.busiestClientThread()).isCloseTo(0.5, within(1e-9));
    }
}
