package io.freshet.bench.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    private static final Map<String, BenchArgs.NumberOption> RECORDS =
        Map.of("--records", new BenchArgs.NumberOption(10, 1_000, 500, 50));

    @Test
    void shouldTakeTheDefaultsOfAFullOrAQuickRun() {
        BenchArgs full = BenchArgs.parse("bench/x.sh", 3, RECORDS);
        BenchArgs quick = BenchArgs.parse("bench/x.sh", 3, RECORDS, "--quick");

        assertThat(full.rounds()).isEqualTo(3);
        assertThat(full.number("--records")).isEqualTo(500);
        assertThat(full.command()).isEqualTo("bench/x.sh");
        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.number("--records")).isEqualTo(50);
        assertThat(quick.command()).isEqualTo("bench/x.sh --quick");
    }

    @Test
    void shouldNameInItsCommandOnlyWhatDiffersFromTheDefaults() {
        BenchArgs args = BenchArgs.parse("bench/x.sh", 3, RECORDS, "--records", "700", "--rounds", "2");

        assertThat(args.command()).isEqualTo("bench/x.sh --rounds 2 --records 700");
    }

    @Test
    void shouldRefuseWhatItDoesNotKnowWithTheUsage() {
        assertThatThrownBy(() -> BenchArgs.parse("bench/x.sh", 3, RECORDS, "--fast"))
            .hasMessage("unknown argument --fast (usage: bench/x.sh [--rounds N] [--records N] [--quick])");
        assertThatThrownBy(() -> BenchArgs.parse("bench/x.sh", 3, RECORDS, "--records", "5"))
            .hasMessage("--records must be at least 10, not 5");
        assertThatThrownBy(() -> BenchArgs.parse("bench/x.sh", 3, RECORDS, "--rounds", "21"))
            .hasMessage("--rounds must be at most 20, not 21");
        assertThatThrownBy(() -> BenchArgs.parse("bench/x.sh", 3, RECORDS, "--rounds"))
            .hasMessage("--rounds needs a number");
    }
}
