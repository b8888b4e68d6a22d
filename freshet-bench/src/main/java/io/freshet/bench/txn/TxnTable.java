package io.freshet.bench.txn;

import io.freshet.bench.launch.Target;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.Metric;
import io.freshet.bench.report.ResultTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per case and metric, each target's rounds: count, median, fastest and slowest; and the ratios of Freshet's
 * median to the others'. Rows keep the order in which their first measurement arrived.
 */
public record TxnTable(List<Row> rows) {

    /** One target's rounds of one case and metric. */
    public record Cell(int count, double median, double min, double max) {

        static final Cell NONE = new Cell(0, Double.NaN, Double.NaN, Double.NaN);

        static Cell of(List<Double> values) {
            if (values.isEmpty()) {
                return NONE;
            }
            return new Cell(values.size(), ResultTable.median(values), Collections.min(values), Collections.max(values));
        }
    }

    public record Row(String caseName, Metric metric, Map<Target, Cell> cells) {

        public Cell cell(Target target) {
            return cells.getOrDefault(target, Cell.NONE);
        }

        /** Freshet's median over the other's, whatever the metric's direction; NaN if either is missing or 0. */
        public double freshetOver(Target other) {
            double denominator = cell(other).median();
            return denominator == 0 || Double.isNaN(denominator) ? Double.NaN : cell(Target.FRESHET).median() / denominator;
        }
    }

    public static TxnTable of(List<Measurement> measurements) {
        Map<String, Map<Target, List<Double>>> grouped = new LinkedHashMap<>();
        Map<String, Measurement> first = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String key = m.caseName() + "\u0000" + m.metric();
            first.putIfAbsent(key, m);
            grouped.computeIfAbsent(key, k -> new EnumMap<>(Target.class))
                .computeIfAbsent(m.target(), t -> new ArrayList<>()).add(m.value());
        }
        List<Row> rows = new ArrayList<>();
        grouped.forEach((key, byTarget) -> {
            Map<Target, Cell> cells = new EnumMap<>(Target.class);
            byTarget.forEach((target, values) -> cells.put(target, Cell.of(values)));
            rows.add(new Row(first.get(key).caseName(), first.get(key).metric(), Map.copyOf(cells)));
        });
        return new TxnTable(List.copyOf(rows));
    }
}
