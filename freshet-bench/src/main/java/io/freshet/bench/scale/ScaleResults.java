package io.freshet.bench.scale;

import io.freshet.bench.launch.Target;
import io.freshet.bench.report.ResultTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every number the scale run measured, by metric (in the order first recorded) and broker, one value per round;
 * and every failure, by case and broker, with its error. Written by the harness's one thread.
 */
final class ScaleResults {

    /** How a metric is judged: which way is better, and the target for Freshet/Kafka, if it has one. */
    record Metric(String name, String unit, boolean lowerIsBetter, String target) {
    }

    private final Map<Metric, Map<Target, List<Double>>> values = new LinkedHashMap<>();
    private final Map<String, Map<Target, List<String>>> failures = new LinkedHashMap<>();

    void add(Metric metric, Target target, double value) {
        values.computeIfAbsent(metric, m -> new LinkedHashMap<>()).computeIfAbsent(target, t -> new ArrayList<>())
            .add(value);
        System.err.printf("scale: %s %s = %s %s%n", target.label(), metric.name(),
            io.freshet.bench.report.NumberFormat.value(value), metric.unit());
    }

    void fail(String caseName, Target target, String error) {
        failures.computeIfAbsent(caseName, c -> new LinkedHashMap<>())
            .computeIfAbsent(target, t -> new ArrayList<>()).add(error);
        System.err.printf("scale: %s FAILED %s: %s%n", target.label(), caseName, error);
    }

    Map<Metric, Map<Target, List<Double>>> values() {
        return values;
    }

    Map<String, Map<Target, List<String>>> failures() {
        return failures;
    }

    /** The median of a metric's rounds for a broker, NaN when it has none. */
    double median(Metric metric, Target target) {
        List<Double> v = values.getOrDefault(metric, Map.of()).getOrDefault(target, List.of());
        return v.isEmpty() ? Double.NaN : ResultTable.median(v);
    }
}
