package io.freshet.bench.sql;

import io.freshet.bench.launch.BrokerLauncher;
import io.freshet.bench.launch.RunningBroker;
import io.freshet.bench.launch.Target;
import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.report.Measurement;
import io.freshet.bench.rounds.RoundRecorder;
import io.freshet.bench.report.Metric;
import io.freshet.bench.report.Percentiles;
import io.freshet.bench.workload.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.Topology;

/**
 * One broker's turn in one round: start it, warm up (unreported), load the readings, run each query over them to
 * the end (the hand-written topologies in this JVM; on Freshet also the SQL queries in the broker), then the alert
 * latency; stop the broker (always). A failed case is recorded and the next one runs.
 */
final class SqlRound {

    private static final Duration CASE_TIMEOUT = Duration.ofMinutes(10);
    private static final int WARM_UP_RECORDS = 50_000;
    private static final long SELF = ProcessHandle.current().pid();

    private final SqlBenchOptions options;
    private final int round;
    private final Target target;
    private final RoundRecorder recorder;

    SqlRound(SqlBenchOptions options, int round, Target target, List<Measurement> measurements,
             List<String> failures) {
        this.options = options;
        this.round = round;
        this.target = target;
        this.recorder = new RoundRecorder("sql", round, target, measurements, failures);
    }

    void run(BrokerLauncher launcher) {
        recorder.log("starting");
        try (RunningBroker broker = launcher.start(round)) {
            recorder.log(String.format("pid %d answered %.3f s after launch", broker.pid(), broker.startupSeconds()));
            String bootstrap = broker.bootstrapServers();
            FreshetSql freshetSql = new FreshetSql(options.repoRoot(), bootstrap);
            warmUp(broker, freshetSql);
            String input = "readings";
            Topics.create(bootstrap, input, SqlBenchOptions.PARTITIONS);
            long hot = ReadingsLoader.load(bootstrap, input, options.records());
            recorder.log(String.format("loaded %,d readings (%,d hot)", options.records(), hot));
            boolean sql = target == Target.FRESHET;
            recorder.attempt(SqlCase.ALERT_STREAMS.label(), () -> handWritten(broker, SqlCase.ALERT_STREAMS, input, "hot-by-hand",
                HandWrittenTopologies.alert(input, "hot-by-hand"), hot));
            boolean sqlReady = sql && recorder.attempt(SqlCase.ALERT_SQL.label(), () -> {
                freshetSql.run(SqlStatements.readings("readings", input));
                inBroker(broker, freshetSql, SqlCase.ALERT_SQL, input, "HOT",
                    SqlStatements.alert("hot", "readings"), "CSAS_HOT_", hot);
            });
            recorder.attempt(SqlCase.PER_MINUTE_STREAMS.label(), () -> handWritten(broker, SqlCase.PER_MINUTE_STREAMS, input,
                "per-minute-by-hand", HandWrittenTopologies.perMinute(input, "per-minute-by-hand",
                    HandWrittenTopologies.Store.IN_MEMORY), -1));
            recorder.attempt(SqlCase.PER_MINUTE_STREAMS_NO_CACHE.label(), () -> handWritten(broker,
                SqlCase.PER_MINUTE_STREAMS_NO_CACHE, input, "per-minute-no-cache", HandWrittenTopologies.perMinute(
                    input, "per-minute-no-cache", HandWrittenTopologies.Store.IN_MEMORY_NO_CACHE), -1));
            recorder.attempt(SqlCase.PER_MINUTE_STREAMS_ROCKSDB.label(), () -> handWritten(broker, SqlCase.PER_MINUTE_STREAMS_ROCKSDB,
                input, "per-minute-rocksdb", HandWrittenTopologies.perMinute(input, "per-minute-rocksdb",
                    HandWrittenTopologies.Store.ROCKSDB), -1));
            if (sqlReady) {
                recorder.attempt(SqlCase.PER_MINUTE_SQL.label(), () -> inBroker(broker, freshetSql, SqlCase.PER_MINUTE_SQL, input,
                    "PER_MINUTE", SqlStatements.perMinute("per_minute", "readings"), "CTAS_PER_MINUTE_", -1));
            }
            recorder.attempt(SqlCase.LATENCY_STREAMS.label(), () -> latencyByHand(bootstrap));
            if (sqlReady) {
                recorder.attempt(SqlCase.LATENCY_SQL.label(), () -> latencyInBroker(bootstrap, freshetSql));
            }
        } catch (Exception e) {
            recorder.fail("round " + round, e);
        }
    }

    /**
     * Unreported, so neither side measures a cold JIT: both hand-written topologies in this JVM and, on Freshet,
     * both SQL queries in the broker's JVM, each over {@value #WARM_UP_RECORDS} readings.
     */
    private void warmUp(RunningBroker broker, FreshetSql sql) throws Exception {
        String bootstrap = broker.bootstrapServers();
        String input = "warm-up";
        Topics.create(bootstrap, input, SqlBenchOptions.PARTITIONS);
        ReadingsLoader.load(bootstrap, input, WARM_UP_RECORDS);
        for (Topology topology : List.of(HandWrittenTopologies.alert(input, "warm-up-hot"),
                HandWrittenTopologies.perMinute(input, "warm-up-per-minute", HandWrittenTopologies.Store.IN_MEMORY))) {
            String applicationId = "sql-bench-warm-up-" + System.nanoTime();
            Topics.create(bootstrap, sinkOf(topology), SqlBenchOptions.PARTITIONS);
            try (StreamsApp app = StreamsApp.start(bootstrap, applicationId, topology)) {
                GroupProgress.await(bootstrap, applicationId::equals, input, SqlBenchOptions.PARTITIONS,
                    System.nanoTime(), CASE_TIMEOUT, app::check);
            }
        }
        if (target == Target.FRESHET) {
            sql.run(SqlStatements.readings("warm_up", input));
            for (String[] query : List.of(new String[] {SqlStatements.alert("warm_up_hot", "warm_up"), "CSAS_WARM_UP_HOT_"},
                    new String[] {SqlStatements.perMinute("warm_up_per_minute", "warm_up"), "CTAS_WARM_UP_PER_MINUTE_"})) {
                sql.run(SqlStatements.EARLIEST + query[0]);
                GroupProgress.Result result = GroupProgress.await(bootstrap,
                    g -> g.startsWith(FreshetSql.QUERY_GROUP_PREFIX + query[1]), input, SqlBenchOptions.PARTITIONS,
                    System.nanoTime(), CASE_TIMEOUT, () -> { });
                sql.terminate(result.groupId());
            }
        }
        recorder.log("warmed up");
    }

    /** The sink topic a hand-written topology writes to (its only sink). */
    private static String sinkOf(Topology topology) {
        return topology.describe().subtopologies().stream().flatMap(s -> s.nodes().stream())
            .filter(n -> n instanceof org.apache.kafka.streams.TopologyDescription.Sink)
            .map(n -> ((org.apache.kafka.streams.TopologyDescription.Sink) n).topic()).findFirst().orElseThrow();
    }

    private void handWritten(RunningBroker broker, SqlCase sqlCase, String input, String sink, Topology topology,
                             long expected) throws Exception {
        String bootstrap = broker.bootstrapServers();
        Topics.create(bootstrap, sink, SqlBenchOptions.PARTITIONS);
        String applicationId = "sql-bench-" + sink;
        double cpu = cpu(broker);
        long start = System.nanoTime();
        GroupProgress.Result result;
        double cpuUsed;
        try (StreamsApp app = StreamsApp.start(bootstrap, applicationId, topology)) {
            result = GroupProgress.await(bootstrap, applicationId::equals, input, SqlBenchOptions.PARTITIONS, start,
                CASE_TIMEOUT, app::check);
            cpuUsed = cpu(broker) - cpu;
        }
        record(sqlCase, result, cpuUsed, bootstrap, sink, expected);
    }

    private void inBroker(RunningBroker broker, FreshetSql sql, SqlCase sqlCase, String input, String sink,
                          String statement, String queryIdPrefix, long expected) throws Exception {
        String bootstrap = broker.bootstrapServers();
        Predicate<String> group = g -> g.startsWith(FreshetSql.QUERY_GROUP_PREFIX + queryIdPrefix);
        double cpu = cpu(broker);
        long start = System.nanoTime();
        sql.run(SqlStatements.EARLIEST + statement);
        GroupProgress.Result result = GroupProgress.await(bootstrap, group, input, SqlBenchOptions.PARTITIONS, start,
            CASE_TIMEOUT, () -> { });
        double cpuUsed = cpu(broker) - cpu;
        sql.terminate(result.groupId());
        record(sqlCase, result, cpuUsed, bootstrap, sink, expected);
    }

    /** Adds the numbers; checks the alert wrote exactly the hot readings (read_committed). */
    private void record(SqlCase sqlCase, GroupProgress.Result result, double cpuUsed, String bootstrap, String sink,
                        long expected) throws Exception {
        long output = CommittedRecords.count(bootstrap, sink);
        if (expected >= 0 && output != expected) {
            throw new IllegalStateException(sink + " has " + output + " committed records; " + expected
                + " readings are hot");
        }
        recorder.add(sqlCase.label(), Metric.RECORDS_PER_S, result.recordsPerSecond());
        recorder.add(sqlCase.label(), Metric.FIRST_COMMIT_S, result.firstCommitS());
        recorder.add(sqlCase.label(), Metric.CPU_PER_M, cpuUsed / result.records() * 1e6);
        recorder.log(String.format("%s: %,.0f records/s (first commit after %.2f s, caught up after %.2f s), CPU %.1f s,"
                + " %,d output records", sqlCase.label(), result.recordsPerSecond(), result.firstCommitS(),
            result.caughtUpS(), cpuUsed, output));
    }

    private void latencyByHand(String bootstrap) throws Exception {
        Topics.create(bootstrap, "live", SqlBenchOptions.PARTITIONS);
        Topics.create(bootstrap, "live-hot-by-hand", SqlBenchOptions.PARTITIONS);
        try (StreamsApp app = StreamsApp.start(bootstrap, "sql-bench-live",
                HandWrittenTopologies.alert("live", "live-hot-by-hand"))) {
            latency(SqlCase.LATENCY_STREAMS, AlertLatency.run(bootstrap, "live", "live-hot-by-hand",
                options.latencyReadings(), SqlBenchOptions.LATENCY_RATE));
            app.check();
        }
    }

    private void latencyInBroker(String bootstrap, FreshetSql sql) throws Exception {
        Topics.create(bootstrap, "live-sql", SqlBenchOptions.PARTITIONS);
        sql.run(SqlStatements.EARLIEST + SqlStatements.readings("live", "live-sql")
            + SqlStatements.alert("live_hot", "live"));
        latency(SqlCase.LATENCY_SQL, AlertLatency.run(bootstrap, "live-sql", "LIVE_HOT", options.latencyReadings(),
            SqlBenchOptions.LATENCY_RATE));
    }

    private void latency(SqlCase sqlCase, AlertLatency.Result result) {
        long[] sorted = result.sortedNanos();
        recorder.add(sqlCase.label(), Metric.P50_MS, Percentiles.of(sorted, 50) / 1e6);
        recorder.add(sqlCase.label(), Metric.P99_MS, Percentiles.of(sorted, 99) / 1e6);
        recorder.log(String.format("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d alerts (first alert after %.1f s of"
                + " warm-up)", sqlCase.label(), Percentiles.of(sorted, 50) / 1e6, Percentiles.of(sorted, 99) / 1e6,
            sorted[sorted.length - 1] / 1e6, result.sent(), result.warmUpS()));
    }

    /** The broker's CPU and this JVM's (where the hand-written apps run), in seconds. */
    private static double cpu(RunningBroker broker) {
        return ProcCpu.seconds(broker.pid()) + ProcCpu.seconds(SELF);
    }
}
