package io.freshet.tools.bench;

import io.freshet.tools.cli.ProgressLine;
import io.freshet.tools.cli.TextTable;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a benchmark measured, and its two renderings: a table for people, one JSON object for scripts.
 *
 * @param latency null for consume (no per-record latency)
 */
record BenchResult(String kind, long records, long failed, long bytes, long elapsedNanos,
        LatencyHistogram latency) {

    static final double[] PERCENTILES = {50, 95, 99, 99.9};

    double seconds() {
        return elapsedNanos / 1e9;
    }

    double recordsPerSecond() {
        return records / Math.max(seconds(), 1e-9);
    }

    double mbPerSecond() {
        return bytes / ProgressLine.MB / Math.max(seconds(), 1e-9);
    }

    void printTable(PrintWriter out) {
        if (latency == null) {
            new TextTable("RECORDS", "SECONDS", "RECORDS/S", "MB/S")
                    .row(records, fixed(seconds(), 2), fixed(recordsPerSecond(), 0), fixed(mbPerSecond(), 2))
                    .print(out);
            return;
        }
        new TextTable("RECORDS", "FAILED", "SECONDS", "RECORDS/S", "MB/S", "AVG-MS", "P50-MS", "P95-MS", "P99-MS",
                "P99.9-MS", "MAX-MS")
                .row(records, failed, fixed(seconds(), 2), fixed(recordsPerSecond(), 0), fixed(mbPerSecond(), 2),
                        ms(latency.mean()), ms(latency.percentile(50)), ms(latency.percentile(95)),
                        ms(latency.percentile(99)), ms(latency.percentile(99.9)), ms(latency.max()))
                .print(out);
    }

    void printJson(PrintWriter out) {
        StringBuilder json = new StringBuilder();
        json.append("{\"benchmark\":\"").append(kind).append('"')
                .append(",\"records\":").append(records)
                .append(",\"failed\":").append(failed)
                .append(",\"bytes\":").append(bytes)
                .append(",\"seconds\":").append(fixed(seconds(), 3))
                .append(",\"recordsPerSecond\":").append(fixed(recordsPerSecond(), 1))
                .append(",\"mbPerSecond\":").append(fixed(mbPerSecond(), 3));
        if (latency != null) {
            json.append(",\"latencyMs\":{\"avg\":").append(ms(latency.mean()));
            for (double p : PERCENTILES) {
                json.append(",\"p").append(p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p))
                        .append("\":").append(ms(latency.percentile(p)));
            }
            json.append(",\"max\":").append(ms(latency.max())).append('}');
        }
        out.println(json.append('}'));
    }

    static String ms(double micros) {
        return fixed(micros / 1000.0, 2);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
