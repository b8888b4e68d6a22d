package io.freshet.bench.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TxnOptionsTest {

    @Test
    void shouldRunThreeFullRoundsIntoDocsByDefault() {
        TxnOptions options = TxnOptions.parse();

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.quick()).isFalse();
        assertThat(options.command()).isEqualTo("bench/txn.sh");
        assertThat(options.reportFile().toString()).endsWith("docs/transactions-bench.md");
        assertThat(options.produceCases()).extracting(TxnProduceCase::name).containsExactly(
            "txn produce 1p, 1 record/txn", "txn produce 8p, 1 record/txn",
            "txn produce 1p, 100 records/txn", "txn produce 8p, 100 records/txn");
        assertThat(options.produceCases()).extracting(TxnProduceCase::records)
            .containsExactly(1_000L, 1_000L, 100_000L, 100_000L);
        assertThat(options.loopRecords()).isEqualTo(200_000);
    }

    @Test
    void shouldRunOneSmallRoundIntoTargetWhenQuick() {
        TxnOptions options = TxnOptions.parse("--quick");

        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.command()).isEqualTo("bench/txn.sh --quick");
        assertThat(options.reportFile().toString()).contains("freshet-bench/target/txn-results/");
        assertThat(options.produceCases().get(3).transactions()).isEqualTo(200);
    }

    @Test
    void shouldNameRoundsOnlyWhenNotTheDefault() {
        assertThat(TxnOptions.parse("--rounds", "5").command()).isEqualTo("bench/txn.sh --rounds 5");
        assertThat(TxnOptions.parse("--quick", "--rounds", "2").command()).isEqualTo("bench/txn.sh --rounds 2 --quick");
    }

    @Test
    void shouldRejectBadArguments() {
        for (List<String> args : List.of(List.of("--rounds"), List.of("--rounds", "0"), List.of("--rounds", "x"),
                List.of("--fast"))) {
            assertThatThrownBy(() -> TxnOptions.parse(args.toArray(String[]::new)))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldRefuseEmptyCases() {
        assertThatThrownBy(() -> new TxnProduceCase(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TxnProduceCase(8, 100, 20).slug()).isEqualTo("8p-100per");
    }
}
