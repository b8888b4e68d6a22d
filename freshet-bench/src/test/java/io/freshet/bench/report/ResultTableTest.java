package io.freshet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.freshet.bench.launch.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final String PRODUCE = "produce 100 B 1p acks=all";

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(ResultTable.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(ResultTable.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(ResultTable.median(List.of())).isNaN();
    }

    @Test
    void shouldGroupRoundsPerCaseMetricAndTargetInArrivalOrder() {
        ResultTable table = ResultTable.of(List.of(
            m(1, Target.FRESHET, PRODUCE, Metric.RECORDS_PER_S, 600),
            m(1, Target.KAFKA, PRODUCE, Metric.RECORDS_PER_S, 400),
            m(1, Target.FRESHET, "broker", Metric.STARTUP_S, 0.2),
            m(2, Target.FRESHET, PRODUCE, Metric.RECORDS_PER_S, 900),
            m(2, Target.KAFKA, PRODUCE, Metric.RECORDS_PER_S, 500),
            m(3, Target.FRESHET, PRODUCE, Metric.RECORDS_PER_S, 300),
            m(1, Target.KAFKA, "broker", Metric.STARTUP_S, 1.6)));

        assertThat(table.rows()).extracting(ResultTable.Row::caseName).containsExactly(PRODUCE, "broker");
        ResultTable.Row produce = table.rows().get(0);
        assertThat(produce.median(Target.FRESHET)).isEqualTo(600);
        assertThat(produce.median(Target.KAFKA)).isEqualTo(450);
        assertThat(produce.rounds()).containsEntry(Target.FRESHET, 3).containsEntry(Target.KAFKA, 2);
        assertThat(produce.median(Target.KAFKA_FSYNC)).isNaN();
    }

    @Test
    void shouldTurnRatiosSoThatAboveOneMeansFreshetIsBetter() {
        ResultTable table = ResultTable.of(List.of(
            m(1, Target.FRESHET, PRODUCE, Metric.RECORDS_PER_S, 600),
            m(1, Target.KAFKA, PRODUCE, Metric.RECORDS_PER_S, 400),
            m(1, Target.FRESHET, "broker", Metric.STARTUP_S, 0.2),
            m(1, Target.KAFKA, "broker", Metric.STARTUP_S, 1.6)));

        ResultTable.Row produce = table.rows().get(0);
        ResultTable.Row startup = table.rows().get(1);
        assertThat(produce.ratio(Target.FRESHET, Target.KAFKA)).isCloseTo(1.5, within(1e-9));
        assertThat(produce.advantage(Target.FRESHET, Target.KAFKA)).isCloseTo(1.5, within(1e-9));
        assertThat(startup.ratio(Target.FRESHET, Target.KAFKA)).isCloseTo(0.125, within(1e-9));
        assertThat(startup.advantage(Target.FRESHET, Target.KAFKA)).isCloseTo(8, within(1e-9));
        assertThat(produce.ratio(Target.FRESHET, Target.KAFKA_FSYNC)).isNaN();
    }

    private static Measurement m(int round, Target target, String caseName, Metric metric, double value) {
        return new Measurement(round, target, caseName, metric, value);
    }
}
