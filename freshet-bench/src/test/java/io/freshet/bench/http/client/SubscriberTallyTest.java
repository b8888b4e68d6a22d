package io.freshet.bench.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubscriberTallyTest {

    @Test
    void shouldCountTheMeasuredRangeOnceAndNameWhatBreaksTheOrder() {
        SubscriberTally tally = new SubscriberTally(2, 6);   // measured: sequence numbers 2..5

        tally.record(1, 0, 10);        // warm-up
        tally.record(2, 100, 1_100);
        tally.record(2, 100, 1_200);   // twice
        tally.record(4, 300, 2_300);   // 3 skipped
        tally.record(3, 200, 2_400);   // out of order
        tally.record(5, 400, 3_400);
        tally.gap(7);
        tally.notUnderstood();

        assertThat(tally.measured()).isEqualTo(3);
        assertThat(tally.notAfterPrevious()).isEqualTo(2);
        assertThat(tally.skipped()).isEqualTo(1);
        assertThat(tally.gapEvents()).isEqualTo(1);
        assertThat(tally.gapMissed()).isEqualTo(7);
        assertThat(tally.unparsed()).isEqualTo(1);
        assertThat(tally.latencies().count()).isEqualTo(3);
        assertThat(tally.latencies().max()).isEqualTo(3_000);
    }
}
