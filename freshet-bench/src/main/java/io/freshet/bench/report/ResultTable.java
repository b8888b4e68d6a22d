package io.freshet.bench.report;

import io.freshet.bench.launch.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Medians over rounds, per case and metric and target, and the ratios between targets. Rows keep the order in
 * which their first measurement arrived.
 */
public final class ResultTable {

    /** One line of the table: a case and a metric, the median of each target that measured it. */
    public record Row(String caseName, Metric metric, Map<Target, Double> medians, Map<Target, Integer> rounds) {

        public double median(Target target) {
            return medians.getOrDefault(target, Double.NaN);
        }

        /** {@code median(a) / median(b)}; NaN if either is missing or b is 0. */
        public double ratio(Target a, Target b) {
            double denominator = median(b);
            return denominator == 0 ? Double.NaN : median(a) / denominator;
        }

        /** The ratio turned so that above 1 means {@code a} is better: inverted for lower-is-better metrics. */
        public double advantage(Target a, Target b) {
            double ratio = ratio(a, b);
            return metric.higherIsBetter() ? ratio : 1 / ratio;
        }
    }

    private final List<Row> rows;

    private ResultTable(List<Row> rows) {
        this.rows = rows;
    }

    public static ResultTable of(List<Measurement> measurements) {
        Map<String, Map<Target, List<Double>>> grouped = new LinkedHashMap<>();
        Map<String, Measurement> firstOfRow = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String key = m.caseName() + "\u0000" + m.metric();
            firstOfRow.putIfAbsent(key, m);
            grouped.computeIfAbsent(key, k -> new EnumMap<>(Target.class))
                .computeIfAbsent(m.target(), t -> new ArrayList<>()).add(m.value());
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Target, List<Double>>> entry : grouped.entrySet()) {
            Measurement first = firstOfRow.get(entry.getKey());
            Map<Target, Double> medians = new EnumMap<>(Target.class);
            Map<Target, Integer> rounds = new EnumMap<>(Target.class);
            entry.getValue().forEach((target, values) -> {
                medians.put(target, median(values));
                rounds.put(target, values.size());
            });
            rows.add(new Row(first.caseName(), first.metric(), medians, rounds));
        }
        return new ResultTable(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The middle value; the mean of the two middle values for an even count; NaN for none. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
