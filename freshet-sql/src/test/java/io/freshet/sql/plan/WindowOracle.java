package io.freshet.sql.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windowed aggregates of the tests computed the plain way, independent of the planner: readings in arrival
 * order, stream time = the largest timestamp seen, a time window accepts a reading while window end > stream time -
 * grace, a session while its end >= stream time - grace - gap (Kafka Streams' rules, which ksqlDB inherits). EMIT
 * CHANGES lists every update; EMIT FINAL lists each window once stream time reaches its end + grace (+ gap for a
 * session), in order of window end then key.
 */
final class WindowOracle {

    record Reading(String device, double temp, long ts) {
    }

    /** One output row; {@code count} 0 marks a session removed by a merge (a tombstone). */
    record Row(String device, long start, long end, long count, double sum, double min, double max) {
        double avg() {
            return sum / count;
        }

        Row add(double temp) {
            return new Row(device, start, end, count + 1, sum + temp, Math.min(min, temp), Math.max(max, temp));
        }

        String describe() {
            return count == 0 ? device + "@" + start + "-" + end + " deleted"
                    : device + "@" + start + "-" + end + " n=" + count + " total=" + sum + " mean=" + avg()
                    + " lo=" + min + " hi=" + max;
        }
    }

    final List<Row> changes = new ArrayList<>();
    final List<Row> finals = new ArrayList<>();
    int dropped;

    /** TUMBLING (advance == size) or HOPPING windows. */
    static WindowOracle timeWindows(List<Reading> readings, long size, long advance, long grace) {
        WindowOracle o = new WindowOracle();
        Map<String, Row> windows = new LinkedHashMap<>();
        Set<String> emitted = new HashSet<>();
        long streamTime = Long.MIN_VALUE;
        for (Reading r : readings) {
            streamTime = Math.max(streamTime, r.ts());
            long close = streamTime - grace;
            long first = Math.max(0, r.ts() - size + advance) / advance * advance;
            for (long start = first; start <= r.ts(); start += advance) {
                long end = start + size;
                if (end <= close) {
                    o.dropped++;
                    continue;
                }
                String id = r.device() + "@" + start;
                Row row = windows.getOrDefault(id, new Row(r.device(), start, end, 0, 0,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).add(r.temp());
                windows.put(id, row);
                o.changes.add(row);
            }
            o.emitClosed(windows.values(), emitted, close);
        }
        return o;
    }

    static WindowOracle sessions(List<Reading> readings, long gap, long grace) {
        WindowOracle o = new WindowOracle();
        List<Row> sessions = new ArrayList<>();
        Set<String> emitted = new HashSet<>();
        long streamTime = Long.MIN_VALUE;
        for (Reading r : readings) {
            streamTime = Math.max(streamTime, r.ts());
            long close = streamTime - grace - gap;
            List<Row> overlapping = new ArrayList<>();
            long start = r.ts();
            long end = r.ts();
            for (Row s : sessions) {
                if (s.device().equals(r.device()) && s.end() >= r.ts() - gap && s.start() <= r.ts() + gap) {
                    overlapping.add(s);
                    start = Math.min(start, s.start());
                    end = Math.max(end, s.end());
                }
            }
            if (end < close) {
                o.dropped++;
            } else {
                Row merged = new Row(r.device(), start, end, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
                overlapping.sort(Comparator.comparingLong(Row::end).thenComparingLong(Row::start));
                // Kafka Streams removes every merged session (a tombstone each) unless the new window is the
                // reading's own [ts, ts], which it then overwrites.
                boolean grows = start != r.ts() || end != r.ts();
                for (Row s : overlapping) {
                    merged = new Row(r.device(), start, end, merged.count() + s.count(), merged.sum() + s.sum(),
                            Math.min(merged.min(), s.min()), Math.max(merged.max(), s.max()));
                    sessions.remove(s);
                    if (grows) {
                        o.changes.add(new Row(r.device(), s.start(), s.end(), 0, 0, 0, 0));
                    }
                }
                merged = merged.add(r.temp());
                sessions.add(merged);
                o.changes.add(merged);
            }
            o.emitClosed(sessions, emitted, streamTime - grace - gap);
        }
        return o;
    }

    private void emitClosed(Iterable<Row> windows, Set<String> emitted, long closeTime) {
        List<Row> closing = new ArrayList<>();
        for (Row w : windows) {
            if (w.end() <= closeTime && !emitted.contains(w.device() + "@" + w.start() + "-" + w.end())) {
                closing.add(w);
            }
        }
        closing.sort(Comparator.comparingLong(Row::end).thenComparing(Row::device));
        for (Row w : closing) {
            emitted.add(w.device() + "@" + w.start() + "-" + w.end());
            finals.add(w);
        }
    }
}
