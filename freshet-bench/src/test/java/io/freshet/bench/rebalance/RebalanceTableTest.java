package io.freshet.bench.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.freshet.bench.launch.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebalanceTableTest {

    @Test
    void shouldTakeMediansRangesAndTheFreshetOverKafkaRatio() {
        RebalanceTable table = RebalanceTable.of(List.of(
            sample(1, Target.FRESHET, Protocol.CLASSIC, RebalanceCase.JOIN, 3000),
            sample(1, Target.KAFKA, Protocol.CLASSIC, RebalanceCase.JOIN, 4000),
            sample(2, Target.FRESHET, Protocol.CLASSIC, RebalanceCase.JOIN, 1000),
            sample(2, Target.KAFKA, Protocol.CLASSIC, RebalanceCase.JOIN, 6000),
            sample(3, Target.FRESHET, Protocol.CLASSIC, RebalanceCase.JOIN, 2000)));

        assertThat(table.rows()).hasSize(1);
        RebalanceTable.Row row = table.rows().get(0);
        assertThat(row.freshet()).isEqualTo(new RebalanceTable.Cell(3, 2000, 1000, 3000));
        assertThat(row.kafka()).isEqualTo(new RebalanceTable.Cell(2, 5000, 4000, 6000));
        assertThat(row.ratio()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void shouldListRowsInProtocolThenCaseOrderAndLeaveOutCasesNotRun() {
        RebalanceTable table = RebalanceTable.of(List.of(
            sample(1, Target.KAFKA, Protocol.CONSUMER, RebalanceCase.LEAVE, 4000),
            sample(1, Target.FRESHET, Protocol.CLASSIC, RebalanceCase.DIE, 10_500),
            sample(1, Target.FRESHET, Protocol.CLASSIC, RebalanceCase.FIRST_JOIN, 3030)));

        assertThat(table.rows()).extracting(r -> r.protocol() + " " + r.rebalanceCase())
            .containsExactly("CLASSIC FIRST_JOIN", "CLASSIC DIE", "CONSUMER LEAVE");
        assertThat(table.rows().get(0).ratio()).as("no Kafka sample").isNaN();
        assertThat(table.rows().get(2).freshet().count()).isZero();
    }

    @Test
    void shouldFormatOneTableLinePerRow() {
        RebalanceTable table = RebalanceTable.of(List.of(
            sample(1, Target.FRESHET, Protocol.CONSUMER, RebalanceCase.JOIN, 5063.4),
            sample(1, Target.KAFKA, Protocol.CONSUMER, RebalanceCase.JOIN, 10043.6)));

        assertThat(RebalanceReport.tableMarkdown(table).lines().toList()).element(2)
            .isEqualTo("| consumer | join | 5,063 | 10,044 | 0.50 | 1/1 | 5,063–5,063 | 10,044–10,044 |");
    }

    @Test
    void shouldWriteOneCsvLinePerSample() {
        String csv = SamplesCsv.render(List.of(sample(2, Target.KAFKA, Protocol.CLASSIC, RebalanceCase.LEAVE, 1991.14)));

        assertThat(csv).isEqualTo("round,broker,protocol,case,ms,load1\n2,Kafka,classic,leave,1991.1,0.42\n");
    }

    private static Sample sample(int round, Target broker, Protocol protocol, RebalanceCase c, double millis) {
        return new Sample(round, broker, protocol, c, millis, 0.42);
    }
}
