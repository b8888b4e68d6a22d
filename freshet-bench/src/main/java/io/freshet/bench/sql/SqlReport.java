package io.freshet.bench.sql;

import io.freshet.bench.launch.Target;
import io.freshet.bench.report.MachineInfo;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.report.Metric;
import io.freshet.bench.report.NumberFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes docs/sql-bench.md: the headline ratios (Freshet's SQL in its broker over the hand-written Kafka Streams
 * topology on Apache Kafka), then every case on every broker (median, per round, start-up, CPU), the latency,
 * how it was run, and the failures.
 */
final class SqlReport {

    /** What the report says about the run, apart from the measurements. */
    record Run(String date, String command, boolean quick, int rounds, int records, int latencyReadings,
               double minutes, MachineInfo machine, String freshetVersion, String kafkaVersion, String clientsVersion,
               String freshetSettings, String loadBefore, double loadAfter, List<String> loads, List<String> failures,
               String csv) {
    }

    private static final List<Target> BROKERS = List.of(Target.KAFKA, Target.FRESHET);

    private SqlReport() {
    }

    static void write(Path file, List<Measurement> ms, Run run) throws IOException {
        StringBuilder md = new StringBuilder("# SQL queries: Freshet's engine beside Kafka Streams on Apache Kafka 4.4\n\n")
            .append("Written by `").append(run.command()).append("` on ").append(run.date()).append(" (")
            .append(NumberFormat.value(run.minutes())).append(" min, ").append(run.rounds())
            .append(run.rounds() == 1 ? " round" : " rounds")
            .append(run.quick() ? ", QUICK: a harness check, not a measurement" : "")
            .append("). Per-round numbers: `").append(run.csv()).append("`.\n\n");
        headline(md, ms);
        md.append("\n## Throughput: every case, medians over the rounds\n\n")
            .append("| case | broker | records/s | per round | start to first commit, s | broker + app CPU s per 1M"
                + " |\n|---|---|---:|---|---:|---:|\n");
        for (SqlCase c : List.of(SqlCase.ALERT_STREAMS, SqlCase.ALERT_SQL, SqlCase.PER_MINUTE_STREAMS,
                SqlCase.PER_MINUTE_STREAMS_NO_CACHE, SqlCase.PER_MINUTE_STREAMS_ROCKSDB, SqlCase.PER_MINUTE_SQL)) {
            for (Target broker : BROKERS) {
                if (c.freshetOnly() && broker != Target.FRESHET) {
                    continue;
                }
                md.append("| ").append(c.label()).append(" | ").append(brokerLabel(broker)).append(" | ")
                    .append(NumberFormat.value(median(ms, broker, c, Metric.RECORDS_PER_S))).append(" | ")
                    .append(perRound(ms, broker, c, Metric.RECORDS_PER_S)).append(" | ")
                    .append(NumberFormat.value(median(ms, broker, c, Metric.FIRST_COMMIT_S))).append(" | ")
                    .append(NumberFormat.value(median(ms, broker, c, Metric.CPU_PER_M))).append(" |\n");
            }
        }
        md.append("\n## Alert latency: produce to visible to a read_committed consumer\n\n")
            .append(String.format("%,d", run.latencyReadings())).append(" hot readings at ")
            .append(SqlBenchOptions.LATENCY_RATE).append("/s per round; medians over the rounds of each round's"
                + " percentile.\n\n| case | broker | p50 ms | p99 ms | p50 per round | p99 per round |\n"
                + "|---|---|---:|---:|---|---|\n");
        for (SqlCase c : List.of(SqlCase.LATENCY_STREAMS, SqlCase.LATENCY_SQL)) {
            for (Target broker : BROKERS) {
                if (c.freshetOnly() && broker != Target.FRESHET) {
                    continue;
                }
                md.append("| ").append(c.label()).append(" | ").append(brokerLabel(broker)).append(" | ")
                    .append(NumberFormat.value(median(ms, broker, c, Metric.P50_MS))).append(" | ")
                    .append(NumberFormat.value(median(ms, broker, c, Metric.P99_MS))).append(" | ")
                    .append(perRound(ms, broker, c, Metric.P50_MS)).append(" | ")
                    .append(perRound(ms, broker, c, Metric.P99_MS)).append(" |\n");
            }
        }
        method(md, run);
        if (!run.failures().isEmpty()) {
            md.append("\n## Failures\n\n");
            run.failures().forEach(f -> md.append("- ").append(f.replace('\n', ' ')).append('\n'));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, md);
    }

    private static void headline(StringBuilder md, List<Measurement> ms) {
        md.append("## Headline: Freshet / Kafka\n\n")
            .append("| query | Kafka Streams on Kafka, records/s | Kafka Streams on Freshet | Freshet SQL in Freshet |"
                + " SQL in Freshet / Streams on Kafka (target >= 1.25) | Streams on Freshet / Streams on Kafka |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        headlineRow(md, ms, "alert (WHERE temp > 80)", SqlCase.ALERT_STREAMS, SqlCase.ALERT_SQL);
        headlineRow(md, ms, "per-minute (TUMBLING 1 MINUTE, EMIT FINAL)", SqlCase.PER_MINUTE_STREAMS,
            SqlCase.PER_MINUTE_SQL);
        double kafkaP50 = median(ms, Target.KAFKA, SqlCase.LATENCY_STREAMS, Metric.P50_MS);
        double kafkaP99 = median(ms, Target.KAFKA, SqlCase.LATENCY_STREAMS, Metric.P99_MS);
        double sqlP50 = median(ms, Target.FRESHET, SqlCase.LATENCY_SQL, Metric.P50_MS);
        double sqlP99 = median(ms, Target.FRESHET, SqlCase.LATENCY_SQL, Metric.P99_MS);
        double streamsP50 = median(ms, Target.FRESHET, SqlCase.LATENCY_STREAMS, Metric.P50_MS);
        double streamsP99 = median(ms, Target.FRESHET, SqlCase.LATENCY_STREAMS, Metric.P99_MS);
        md.append("\nAlert latency p50 / p99: Kafka Streams on Kafka ").append(NumberFormat.value(kafkaP50))
            .append(" / ").append(NumberFormat.value(kafkaP99)).append(" ms; Kafka Streams on Freshet ")
            .append(NumberFormat.value(streamsP50)).append(" / ").append(NumberFormat.value(streamsP99))
            .append(" ms; Freshet SQL in Freshet ").append(NumberFormat.value(sqlP50)).append(" / ")
            .append(NumberFormat.value(sqlP99)).append(" ms.\n");
    }

    private static void headlineRow(StringBuilder md, List<Measurement> ms, String query, SqlCase streams,
                                    SqlCase sql) {
        double onKafka = median(ms, Target.KAFKA, streams, Metric.RECORDS_PER_S);
        double onFreshet = median(ms, Target.FRESHET, streams, Metric.RECORDS_PER_S);
        double inBroker = median(ms, Target.FRESHET, sql, Metric.RECORDS_PER_S);
        md.append("| ").append(query).append(" | ").append(NumberFormat.value(onKafka)).append(" | ")
            .append(NumberFormat.value(onFreshet)).append(" | ").append(NumberFormat.value(inBroker)).append(" | **")
            .append(NumberFormat.ratio(inBroker / onKafka)).append("** | ")
            .append(NumberFormat.ratio(onFreshet / onKafka)).append(" |\n");
    }

    private static void method(StringBuilder md, Run run) {
        md.append("\n## How it was measured\n\n")
            .append("- **Input**: a topic `readings` of ").append(SqlBenchOptions.PARTITIONS).append(" partitions"
                + " pre-loaded (untimed, acks=1) with ").append(String.format("%,d", run.records()))
            .append(" readings: key = one of ").append(String.format("%,d", Readings.DEVICES))
            .append(" devices (plain string, KEY_FORMAT KAFKA), value = ").append(Readings.VALUE_SIZE)
            .append(" bytes of JSON (`TEMP`, `TS`, two fields no query reads, padding); event time 1 ms apart"
                + " (the record timestamp is TS), so a full run spans about ")
            .append(run.records() / 60_000).append(" minutes of event time; about 10 % of the readings are above"
                + " 80.\n")
            .append("- **Freshet SQL**: the issue's statements, word for word, submitted with `freshet sql"
                + " --bootstrap-server B -e` after `SET 'auto.offset.reset'='earliest';` over `CREATE STREAM"
                + " readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT) WITH (KAFKA_TOPIC='readings',"
                + " VALUE_FORMAT='JSON');` (no TIMESTAMP='ts': the record timestamp already is TS, and the"
                + " hand-written apps read it too). The broker's own engine runs them; each query is TERMINATEd"
                + " once measured.\n")
            .append("- **Kafka Streams by hand** (`io.freshet.bench.sql.HandWrittenTopologies`, in the harness JVM): "
                + "Jackson binds each value to a POJO; the alert filters and writes `{\"TEMP\":t}`; the aggregate"
                + " groups by key, `TimeWindows.ofSizeAndGrace(1 min, 10 s)`, aggregates count/sum/min/max into"
                + " a 32-byte state, `suppress(untilWindowCloses)`, and writes ksqlDB's row (WS, WE, N, TOTAL,"
                + " MEAN, LO, HI) under the windowed key. ").append(StreamsApp.SETTINGS).append(". The in-memory"
                + " window store is the fair comparison (Freshet's engine keeps state in memory with changelogs);"
                + " the RocksDB row is Kafka Streams' default store.\n")
            .append("- **records/s**: the query's consumer group (its application.id) is polled every ")
            .append(GroupProgress.POLL_MILLIS).append(" ms through Admin until its committed offsets reach the"
                + " input's end; records/s counts from the first poll that saw a commit to the one that saw the"
                + " end, so start-up and the first rebalance (\"start to first commit\") are not in it. The alert's"
                + " sink is then read back read_committed and must hold exactly the hot readings.\n")
            .append("- **CPU**: utime+stime of the broker and of the harness JVM (where the hand-written apps run)"
                + " from `/proc/PID/stat`, start to caught up.\n")
            .append("- **Latency**: a fresh empty input topic, the alert query over it; hot readings (TEMP 90) are"
                + " produced one at a time (acks=all, linger.ms 0), each to a device of its own, and a read_committed"
                + " consumer in the same JVM (fetch.max.wait.ms 10) takes send-to-receipt time. Exactly-once commits"
                + " every 100 ms, so an alert waits for its transaction's commit: that bounds p50 from below on"
                + " both sides.\n")
            .append("- Brokers alternate within each round, the order rotating; each starts fresh per round. Warm-up"
                + " (unreported) over 50,000 readings: both hand-written topologies in the harness JVM and, on"
                + " Freshet, both SQL queries in the broker's JVM, so no case measures a cold JIT.\n")
            .append("\n## The run\n\n| | |\n|---|---|\n").append(run.machine().markdownRows())
            .append("| Freshet | ").append(run.freshetVersion()).append(" |\n")
            .append("| Apache Kafka | ").append(run.kafkaVersion()).append(", the anchor's single-node KRaft"
                + " server.properties |\n")
            .append("| Kafka Streams and clients | ").append(run.clientsVersion())
            .append(" (kafka-streams of the same version, in Freshet's engine and in the harness) |\n")
            .append("| Freshet command | ").append(run.freshetSettings()).append(" |\n")
            .append("| 1-min load before / after | ").append(run.loadBefore()).append(" / ")
            .append(NumberFormat.value(run.loadAfter())).append(" |\n\n")
            .append("Load average when each broker's turn started: ").append(String.join("; ", run.loads()))
            .append(". The machine's 2 cores are shared with other sessions' builds and tests; the brokers"
                + " alternate so both see the same noise, and the ratios are the figures to read.\n");
    }

    private static String brokerLabel(Target target) {
        return target == Target.KAFKA ? "Apache Kafka" : "Freshet";
    }

    private static List<Double> values(List<Measurement> ms, Target target, SqlCase c, Metric metric) {
        return ms.stream().filter(m -> m.target() == target && m.caseName().equals(c.label()) && m.metric() == metric)
            .map(Measurement::value).toList();
    }

    static double median(List<Measurement> ms, Target target, SqlCase c, Metric metric) {
        List<Double> v = new ArrayList<>(values(ms, target, c, metric));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String perRound(List<Measurement> ms, Target target, SqlCase c, Metric metric) {
        List<Double> v = values(ms, target, c, metric);
        return v.isEmpty() ? "–" : v.stream().map(NumberFormat::value).collect(Collectors.joining(", "));
    }
}
