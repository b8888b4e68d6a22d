package io.freshet.bench.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.bench.launch.Target;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxnTableTest {

    private static final String CASE = "txn produce 1p, 1 record/txn";

    @Test
    void shouldTakeMediansRangesAndRatiosPerCaseAndMetric() {
        TxnTable table = TxnTable.of(List.of(
            m(1, Target.FRESHET, CASE, Metric.RECORDS_PER_S, 900),
            m(1, Target.KAFKA, CASE, Metric.RECORDS_PER_S, 400),
            m(1, Target.KAFKA_FSYNC, CASE, Metric.RECORDS_PER_S, 200),
            m(1, Target.FRESHET, "loop", Metric.GROUP_JOIN_S, 3.0),
            m(2, Target.FRESHET, CASE, Metric.RECORDS_PER_S, 600),
            m(2, Target.KAFKA, CASE, Metric.RECORDS_PER_S, 500),
            m(3, Target.FRESHET, CASE, Metric.RECORDS_PER_S, 700)));

        assertThat(table.rows()).extracting(TxnTable.Row::caseName).containsExactly(CASE, "loop");
        TxnTable.Row row = table.rows().get(0);
        assertThat(row.cell(Target.FRESHET)).isEqualTo(new TxnTable.Cell(3, 700, 600, 900));
        assertThat(row.cell(Target.KAFKA)).isEqualTo(new TxnTable.Cell(2, 450, 400, 500));
        assertThat(row.freshetOver(Target.KAFKA)).isEqualTo(700.0 / 450);
        assertThat(row.freshetOver(Target.KAFKA_FSYNC)).isEqualTo(3.5);
        assertThat(table.rows().get(1).freshetOver(Target.KAFKA)).isNaN();
        assertThat(table.rows().get(1).cell(Target.KAFKA).count()).isZero();
    }

    @Test
    void shouldPrintOneLinePerRowWithDashesForWhatIsMissing() {
        TxnTable table = TxnTable.of(List.of(
            m(1, Target.FRESHET, CASE, Metric.RECORDS_PER_S, 1500),
            m(1, Target.KAFKA, CASE, Metric.RECORDS_PER_S, 1000)));

        String markdown = TxnReport.tableMarkdown(table);

        assertThat(markdown.lines()).hasSize(3);
        assertThat(markdown.lines().toList().get(2)).isEqualTo(
            "| " + CASE + " | records/s ↑ | 1,500 | 1,000 | – | 1.50 | – | 1/1/0 | 1,500–1,500 | 1,000–1,000 | – |");
    }

    @Test
    void shouldGiveNoRatioForTheGroupJoinRow() {
        TxnTable table = TxnTable.of(List.of(
            m(1, Target.FRESHET, "loop", Metric.GROUP_JOIN_S, 3.0),
            m(1, Target.KAFKA, "loop", Metric.GROUP_JOIN_S, 0.01)));

        assertThat(TxnReport.tableMarkdown(table).lines().toList().get(2))
            .startsWith("| loop | group join, s (not in records/s) ↓ | 3.000 | 0.010 | – | – | – | 1/1/0 |");
    }

    private static Measurement m(int round, Target target, String caseName, Metric metric, double value) {
        return new Measurement(round, target, caseName, metric, value);
    }
}
