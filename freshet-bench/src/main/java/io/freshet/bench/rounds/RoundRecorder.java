package io.freshet.bench.rounds;

import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.Metric;
import io.freshet.bench.launch.Target;
import java.util.List;

/**
 * What one broker's turn in one round of a side-by-side bench records: its measurements, its failures (a failed
 * case is reported and the round goes on with the next), and its progress lines, prefixed with the bench's name.
 */
public final class RoundRecorder {

    /** A case's body, which may fail. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final String bench;
    private final int round;
    private final Target target;
    private final List<Measurement> measurements;
    private final List<String> failures;

    public RoundRecorder(String bench, int round, Target target, List<Measurement> measurements,
                         List<String> failures) {
        this.bench = bench;
        this.round = round;
        this.target = target;
        this.measurements = measurements;
        this.failures = failures;
    }

    /** Runs a case; a failure is recorded under its name, and false returned. */
    public boolean attempt(String caseName, Body body) {
        try {
            body.run();
            return true;
        } catch (Exception e) {
            fail(caseName, e);
            return false;
        }
    }

    public void add(String caseName, Metric metric, double value) {
        measurements.add(new Measurement(round, target, caseName, metric, value));
    }

    public void fail(String what, Exception e) {
        String message = target.label() + ", round " + round + ", " + what + ": " + e;
        failures.add(message);
        System.err.println(bench + ": FAILED " + message);
    }

    public void log(String message) {
        System.out.println(bench + ": round " + round + ", " + target.label() + ": " + message);
    }
}
