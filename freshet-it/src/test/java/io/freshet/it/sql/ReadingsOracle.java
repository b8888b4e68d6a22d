package io.freshet.it.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The expected outputs of the two queries, computed in plain Java over the input, independently of Freshet's
 * SQL and of Kafka Streams:
 * <pre>
 *   CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES;
 *   CREATE TABLE per_minute AS SELECT device, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n, SUM(temp) AS total,
 *     AVG(temp) AS mean, MIN(temp) AS lo, MAX(temp) AS hi FROM readings
 *     WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY device EMIT FINAL;
 * </pre>
 * Window semantics (the issue's): stream time is kept per input partition (the highest event time seen there so
 * far); a record whose window ended at or before stream time - grace is late, dropped and counted; a window is
 * emitted once, final, when its partition's stream time reaches its end + grace, never by the wall clock (so a
 * window still open when the input ends is not emitted). {@code partitionOf} is the partition a device's records
 * go to (the producer's default partitioner).
 */
final class ReadingsOracle {

    static final double ALERT_ABOVE = 80.0;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration GRACE = Duration.ofSeconds(10);

    /** A record of the HOT stream: key DEVICE, value {"TEMP": ...}. */
    record Alert(String device, double temp) {
    }

    /** A record of the PER_MINUTE table: key DEVICE + window start, value {"WS", "WE", "N", "TOTAL", ...}. */
    record WindowResult(String device, long start, long end, long count, double total, double mean, double lo,
                        double hi) {

        WindowKey key() {
            return new WindowKey(device, start);
        }
    }

    record WindowKey(String device, long start) {
    }

    /** What the per-minute query emits and what it drops. */
    record Windows(Map<WindowKey, WindowResult> emitted, long lateRecords) {
    }

    private ReadingsOracle() {
    }

    /** The alerts, in input order (per partition, the order the query writes them). */
    static List<Alert> alerts(List<Reading> input) {
        List<Alert> alerts = new ArrayList<>();
        for (Reading r : input) {
            if (r.temp() > ALERT_ABOVE) {
                alerts.add(new Alert(r.device(), r.temp()));
            }
        }
        return alerts;
    }

    static Windows perMinute(List<Reading> input, ToIntFunction<String> partitionOf) {
        long size = WINDOW.toMillis();
        long grace = GRACE.toMillis();
        Map<Integer, Long> streamTime = new HashMap<>();
        Map<WindowKey, Aggregate> open = new LinkedHashMap<>();
        Map<WindowKey, Integer> partitionOfWindow = new HashMap<>();
        long late = 0;
        for (Reading r : input) {
            int partition = partitionOf.applyAsInt(r.device());
            long now = Math.max(streamTime.getOrDefault(partition, Long.MIN_VALUE), r.ts());
            streamTime.put(partition, now);
            long start = r.ts() - Math.floorMod(r.ts(), size);
            if (start + size <= now - grace) {
                late++;
                continue;
            }
            WindowKey key = new WindowKey(r.device(), start);
            open.computeIfAbsent(key, k -> new Aggregate()).add(r.temp());
            partitionOfWindow.put(key, partition);
        }
        Map<WindowKey, WindowResult> emitted = new LinkedHashMap<>();
        open.forEach((key, aggregate) -> {
            long end = key.start() + size;
            if (end + grace <= streamTime.get(partitionOfWindow.get(key))) {
                emitted.put(key, aggregate.result(key, end));
            }
        });
        return new Windows(emitted, late);
    }

    /** COUNT, SUM, MIN, MAX in arrival order (so the sum is the same double the query computes). */
    private static final class Aggregate {
        long count;
        double total;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;

        void add(double temp) {
            count++;
            total += temp;
            lo = Math.min(lo, temp);
            hi = Math.max(hi, temp);
        }

        WindowResult result(WindowKey key, long end) {
            return new WindowResult(key.device(), key.start(), end, count, total, total / count, lo, hi);
        }
    }
}
