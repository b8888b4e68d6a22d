package io.freshet.bench.report;

import io.freshet.bench.launch.Target;

/** One number from one round: a row of the raw CSV. */
public record Measurement(int round, Target target, String caseName, Metric metric, double value) {
}
