package io.freshet.bench.rebalance;

import io.freshet.bench.launch.Target;
import io.freshet.bench.report.ResultTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians, ranges and the Freshet/Kafka ratio of every protocol and case that has samples. */
public record RebalanceTable(List<Row> rows) {

    /** The samples of one broker for one protocol and case. */
    public record Cell(int count, double median, double min, double max) {

        static Cell of(List<Double> values) {
            if (values.isEmpty()) {
                return new Cell(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Cell(values.size(), ResultTable.median(values), Collections.min(values), Collections.max(values));
        }
    }

    public record Row(Protocol protocol, RebalanceCase rebalanceCase, Cell freshet, Cell kafka) {

        /** Freshet's median over Kafka's: below 1 means Freshet rebalanced faster. NaN when either is missing. */
        public double ratio() {
            return kafka.median() > 0 ? freshet.median() / kafka.median() : Double.NaN;
        }
    }

    public static RebalanceTable of(List<Sample> samples) {
        List<Row> rows = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            for (RebalanceCase c : RebalanceCase.values()) {
                Cell freshet = Cell.of(values(samples, Target.FRESHET, protocol, c));
                Cell kafka = Cell.of(values(samples, Target.KAFKA, protocol, c));
                if (freshet.count() > 0 || kafka.count() > 0) {
                    rows.add(new Row(protocol, c, freshet, kafka));
                }
            }
        }
        return new RebalanceTable(List.copyOf(rows));
    }

    private static List<Double> values(List<Sample> samples, Target broker, Protocol protocol, RebalanceCase c) {
        return samples.stream()
            .filter(s -> s.broker() == broker && s.protocol() == protocol && s.rebalanceCase() == c)
            .map(Sample::millis).toList();
    }
}
