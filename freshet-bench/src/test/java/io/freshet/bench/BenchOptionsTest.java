package io.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.Target;
import io.freshet.bench.workload.ProduceCase;
import java.nio.file.Path;
import java.util.List;
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
    void theClientsWarmUpRunsTheSameCasesWithAQuarterOfTheRecords() {
        BenchOptions options = BenchOptions.parse("--only", "KiB");
        BenchOptions warmUp = options.clientWarmUp();

        assertThat(warmUp.rounds()).isEqualTo(1);
        assertThat(warmUp.produceCases()).extracting(ProduceCase::name)
            .isEqualTo(options.produceCases().stream().map(ProduceCase::name).toList());
        assertThat(warmUp.produceCases()).extracting(ProduceCase::records)
            .containsOnly(1_000_000L / 4, 250_000L / 4);
        assertThat(warmUp.runs(new ProduceCase(1024, 8, "all", 1).name())).isTrue();
        assertThat(warmUp.runs(new ProduceCase(100, 8, "all", 1).name())).isFalse();
    }

    @Test
    void shouldRejectUnknownArgumentsAndBadRounds() {
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--rounds")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void abComparesFreshetWithSettingsAndOnlyFiltersCasesByName() {
        BenchOptions options = BenchOptions.parse("--ab", "log.segment.bytes=1048576", "--ab", "num.io.threads=4",
            "--only", "acks=all");

        assertThat(options.abComparison()).isTrue();
        assertThat(options.abSettings()).containsExactly("log.segment.bytes=1048576", "num.io.threads=4");
        assertThat(options.runs("produce 1 KiB 1p acks=all")).isTrue();
        assertThat(options.runs("produce 1 KiB 1p acks=1")).isFalse();
        assertThat(options.command())
            .isEqualTo("bench/run.sh --ab log.segment.bytes=1048576 --ab num.io.threads=4 --only 'acks=all'");
        assertThat(BenchOptions.parse().runs("consume 100 B 8p")).isTrue();
        assertThat(BenchOptions.parse().abComparison()).isFalse();
    }

    @Test
    void abTakesAJvmOptionOfFreshetBWhichTheLauncherPutsAfterItsOwn() {
        BenchOptions options = BenchOptions.parse("--ab", "-XX:+AlwaysPreTouch", "--ab", "-XX:GCTimeRatio=4");
        FreshetLauncher b = new FreshetLauncher(Path.of("."), Path.of("."), Target.FRESHET_B, options.abSettings());

        assertThat(options.abComparison()).isTrue();
        assertThat(b.javaOptions()).endsWith("-XX:+AlwaysPreTouch", "-XX:GCTimeRatio=4");
        assertThat(new FreshetLauncher(Path.of("."), Path.of("."), Target.FRESHET_B, List.of("a=b")).javaOptions())
            .doesNotContain("a=b");
        assertThat(options.command()).isEqualTo("bench/run.sh --ab -XX:+AlwaysPreTouch --ab -XX:GCTimeRatio=4");
    }

    @Test
    void abNeedsKeyEqualsValueAndIsNotAlsoTheMetricsCost() {
        assertThatThrownBy(() -> BenchOptions.parse("--ab", "flag")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--metrics-cost", "--ab", "a=b"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--only")).isInstanceOf(IllegalArgumentException.class);
    }
}
