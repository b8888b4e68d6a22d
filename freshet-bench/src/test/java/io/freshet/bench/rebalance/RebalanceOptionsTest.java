package io.freshet.bench.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RebalanceOptionsTest {

    @Test
    void shouldDefaultToThreeRoundsWithTheDieCaseInTwo() {
        RebalanceOptions options = RebalanceOptions.parse();

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.dieRounds()).isEqualTo(2);
        assertThat(options.command()).isEqualTo("bench/rebalance.sh");
    }

    @Test
    void shouldNeverRunTheDieCaseInMoreRoundsThanThereAre() {
        RebalanceOptions options = RebalanceOptions.parse("--rounds", "1");

        assertThat(options.dieRounds()).isEqualTo(1);
        assertThat(options.command()).isEqualTo("bench/rebalance.sh --rounds 1");
        assertThat(RebalanceOptions.parse("--rounds", "5", "--die-rounds", "0").command())
            .isEqualTo("bench/rebalance.sh --rounds 5 --die-rounds 0");
    }

    @Test
    void shouldRejectBadArguments() {
        assertThatThrownBy(() -> RebalanceOptions.parse("--rounds", "0")).hasMessageContaining("1-20");
        assertThatThrownBy(() -> RebalanceOptions.parse("--rounds")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> RebalanceOptions.parse("--fast")).hasMessageContaining("unknown argument");
    }
}
