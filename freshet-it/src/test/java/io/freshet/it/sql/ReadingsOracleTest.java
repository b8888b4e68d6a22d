package io.freshet.it.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle itself, on inputs small enough to check by hand: the other tests trust it. */
class ReadingsOracleTest {

    private static final long M = 60_000;

    @Test
    void alertsAreTheReadingsAbove80InInputOrder() {
        List<Reading> input = List.of(new Reading("a", 80.0, 0), new Reading("b", 80.01, 1), new Reading("a", 95, 2));

        assertThat(ReadingsOracle.alerts(input)).containsExactly(new ReadingsOracle.Alert("b", 80.01),
            new ReadingsOracle.Alert("a", 95));
    }

    @Test
    void aWindowIsFinalOnceStreamTimePassesItsEndPlusGraceAndLaterRecordsForItAreDropped() {
        List<Reading> input = List.of(
            new Reading("a", 10, 5_000),
            new Reading("a", 30, 50_000),
            new Reading("b", 20, 59_000),
            new Reading("a", 40, M + 5_000),   // stream time 65 s: window [0, 60) still open (grace to 70 s)
            new Reading("a", 50, 55_000),      // within grace: counted in [0, 60)
            new Reading("a", 99, M + 10_000),  // stream time 70 s: [0, 60) closes
            new Reading("b", 60, 58_000),      // past grace: late, dropped
            new Reading("a", 70, 2 * M + 1));  // stream time 120.001 s: [60, 120) still open (grace to 130 s)

        ReadingsOracle.Windows windows = ReadingsOracle.perMinute(input, device -> 0);

        assertThat(windows.lateRecords()).isEqualTo(1);
        assertThat(windows.emitted().values()).containsExactlyInAnyOrder(
            new ReadingsOracle.WindowResult("a", 0, M, 3, 90, 30, 10, 50),
            new ReadingsOracle.WindowResult("b", 0, M, 1, 20, 20, 20, 20));
    }

    @Test
    void streamTimeIsPerPartition() {
        List<Reading> input = List.of(new Reading("a", 10, 1_000), new Reading("b", 10, 5 * M));

        ReadingsOracle.Windows separate = ReadingsOracle.perMinute(input, device -> device.equals("a") ? 0 : 1);
        ReadingsOracle.Windows shared = ReadingsOracle.perMinute(input, device -> 0);

        assertThat(separate.emitted()).isEmpty();
        assertThat(shared.emitted()).containsOnlyKeys(new ReadingsOracle.WindowKey("a", 0));
    }
}
