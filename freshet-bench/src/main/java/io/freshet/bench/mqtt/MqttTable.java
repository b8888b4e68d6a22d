package io.freshet.bench.mqtt;

import io.freshet.bench.report.ResultTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per case and metric, each broker's rounds: count, median, lowest and highest; and the ratio of Freshet's median
 * to Mosquitto's. Rows keep the order in which their first measurement arrived.
 */
record MqttTable(List<Row> rows) {

    record Cell(int count, double median, double min, double max) {

        static final Cell NONE = new Cell(0, Double.NaN, Double.NaN, Double.NaN);

        static Cell of(List<Double> values) {
            return values.isEmpty() ? NONE
                : new Cell(values.size(), ResultTable.median(values), Collections.min(values), Collections.max(values));
        }
    }

    record Row(String caseName, MqttMetric metric, Map<MqttTarget, Cell> cells) {

        Cell cell(MqttTarget target) {
            return cells.getOrDefault(target, Cell.NONE);
        }

        /** Freshet's median over Mosquitto's, whatever the direction; NaN if either is missing or Mosquitto's is 0. */
        double ratio() {
            double denominator = cell(MqttTarget.MOSQUITTO).median();
            return denominator == 0 || Double.isNaN(denominator) ? Double.NaN
                : cell(MqttTarget.FRESHET).median() / denominator;
        }
    }

    static MqttTable of(List<MqttMeasurement> measurements) {
        Map<String, Map<MqttTarget, List<Double>>> grouped = new LinkedHashMap<>();
        Map<String, MqttMeasurement> first = new LinkedHashMap<>();
        for (MqttMeasurement m : measurements) {
            String key = m.caseName() + "\u0000" + m.metric();
            first.putIfAbsent(key, m);
            grouped.computeIfAbsent(key, k -> new EnumMap<>(MqttTarget.class))
                .computeIfAbsent(m.target(), t -> new ArrayList<>()).add(m.value());
        }
        List<Row> rows = new ArrayList<>();
        grouped.forEach((key, byTarget) -> {
            Map<MqttTarget, Cell> cells = new EnumMap<>(MqttTarget.class);
            byTarget.forEach((target, values) -> cells.put(target, Cell.of(values)));
            rows.add(new Row(first.get(key).caseName(), first.get(key).metric(), Map.copyOf(cells)));
        });
        return new MqttTable(List.copyOf(rows));
    }

    Optional<Row> row(String caseName, MqttMetric metric) {
        return rows.stream().filter(r -> r.caseName().equals(caseName) && r.metric() == metric).findFirst();
    }
}
