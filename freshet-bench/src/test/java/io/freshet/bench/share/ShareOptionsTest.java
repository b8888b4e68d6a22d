package io.freshet.bench.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShareOptionsTest {

    @Test
    void shouldRunThreeRoundsOfAMillionRecordsIntoDocsByDefault() {
        ShareOptions options = ShareOptions.parse();

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.records()).isEqualTo(1_000_000);
        assertThat(options.command()).isEqualTo("bench/share.sh");
        assertThat(options.reportFile().toString()).endsWith("docs/share-bench.md");
    }

    @Test
    void shouldRunOneSmallRoundIntoTargetWhenQuick() {
        ShareOptions options = ShareOptions.parse("--quick");

        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.records()).isEqualTo(100_000);
        assertThat(options.command()).isEqualTo("bench/share.sh --quick");
        assertThat(options.reportFile().toString()).contains("freshet-bench/target/share-results");
    }

    @Test
    void shouldSayTheRoundsAndRecordsItWasGivenInItsCommand() {
        ShareOptions options = ShareOptions.parse("--rounds", "2", "--records", "300000");

        assertThat(options.records()).isEqualTo(300_000);
        assertThat(options.command()).isEqualTo("bench/share.sh --rounds 2 --records 300000");
    }

    @Test
    void shouldRefuseWhatItDoesNotKnow() {
        assertThatThrownBy(() -> ShareOptions.parse("--records", "10")).hasMessageContaining("at least 10000");
        assertThatThrownBy(() -> ShareOptions.parse("--rounds")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> ShareOptions.parse("--fast")).hasMessageContaining("unknown argument --fast");
        assertThat(ShareOptions.caseName(16, 1)).isEqualTo("16 members, 1 partition");
        assertThat(ShareOptions.caseName(4, 8)).isEqualTo("4 members, 8 partitions");
    }
}
