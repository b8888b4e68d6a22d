package io.freshet.it.sql;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Outputs compared with the oracle's, record for record (doubles to 1e-9: the same sums in the same order). */
final class OracleAssertions {

    private static final double EPSILON = 1e-9;

    private OracleAssertions() {
    }

    /** Each device's alerts, in order, exactly: none missing, none twice. */
    static void assertAlerts(List<ReadingsOracle.Alert> actual, List<ReadingsOracle.Alert> expected) {
        assertThat(actual).as("alert count").hasSize(expected.size());
        Map<String, List<Double>> actualByDevice = ReadingsScenario.byDevice(actual);
        Map<String, List<Double>> expectedByDevice = ReadingsScenario.byDevice(expected);
        assertThat(actualByDevice).as("alerts per device, in order").isEqualTo(expectedByDevice);
    }

    /** One record per closed window, equal to the oracle's; no window twice, none missing. */
    static void assertWindows(List<ReadingsOracle.WindowResult> actual,
                              Map<ReadingsOracle.WindowKey, ReadingsOracle.WindowResult> expected) {
        List<ReadingsOracle.WindowResult> got = ReadingsScenario.sorted(actual);
        List<ReadingsOracle.WindowResult> want = ReadingsScenario.sorted(expected.values());
        assertThat(got.stream().map(ReadingsOracle.WindowResult::key).toList()).as("windows emitted (EMIT FINAL)")
            .isEqualTo(want.stream().map(ReadingsOracle.WindowResult::key).toList());
        for (int i = 0; i < want.size(); i++) {
            ReadingsOracle.WindowResult g = got.get(i);
            ReadingsOracle.WindowResult w = want.get(i);
            String what = "window " + w.key();
            assertThat(g.end()).as(what + " WE").isEqualTo(w.end());
            assertThat(g.count()).as(what + " N").isEqualTo(w.count());
            assertThat(g.total()).as(what + " TOTAL").isCloseTo(w.total(), org.assertj.core.data.Offset.offset(EPSILON));
            assertThat(g.mean()).as(what + " MEAN").isCloseTo(w.mean(), org.assertj.core.data.Offset.offset(EPSILON));
            assertThat(g.lo()).as(what + " LO").isEqualTo(w.lo());
            assertThat(g.hi()).as(what + " HI").isEqualTo(w.hi());
        }
    }
}
