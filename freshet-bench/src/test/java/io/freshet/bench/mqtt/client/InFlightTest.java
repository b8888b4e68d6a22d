package io.freshet.bench.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void shouldBeFullAtTheWindowAndFreeASlotPerKnownPuback() {
        InFlight inFlight = new InFlight(2);

        int first = inFlight.take();
        int second = inFlight.take();

        assertThat(inFlight.full()).isTrue();
        assertThat(inFlight.release(999)).isFalse();
        assertThat(inFlight.release(first)).isTrue();
        assertThat(inFlight.release(first)).isFalse();
        assertThat(inFlight.full()).isFalse();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void shouldSkipIdsStillInFlightWhenWrappingPast65535() {
        InFlight inFlight = new InFlight(65535);
        for (int i = 1; i <= 65535; i++) {
            assertThat(inFlight.take()).isEqualTo(i);
        }
        inFlight.release(7);
        inFlight.release(3);

        assertThat(inFlight.take()).isEqualTo(3);
        assertThat(inFlight.take()).isEqualTo(7);
        assertThat(inFlight.full()).isTrue();
    }
}
