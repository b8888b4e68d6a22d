package io.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void shouldRunThreeFullRoundsByDefault() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.quick()).isFalse();
        assertThat(options.produceCases()).hasSize(8);
        assertThat(options.command()).isEqualTo("bench/run.sh");
    }

    @Test
    void shouldRunOneSmallRoundWhenQuick() {
        BenchOptions options = BenchOptions.parse("--quick");

        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.records100()).isEqualTo(100_000);
        assertThat(options.reportDir()).isEqualTo(options.resultsDir());
        assertThat(BenchOptions.parse("--quick", "--rounds", "2").command()).isEqualTo("bench/run.sh --quick --rounds 2");
    }

    @Test
    void shouldRejectUnknownArgumentsAndBadRounds() {
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--rounds")).isInstanceOf(IllegalArgumentException.class);
    }
}
