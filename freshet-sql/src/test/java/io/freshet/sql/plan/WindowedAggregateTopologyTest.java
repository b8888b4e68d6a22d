package io.freshet.sql.plan;

import static io.freshet.sql.plan.PlannerFixture.driver;
import static io.freshet.sql.plan.PlannerFixture.input;
import static io.freshet.sql.plan.PlannerFixture.json;
import static io.freshet.sql.plan.PlannerFixture.keyedValues;
import static io.freshet.sql.plan.PlannerFixture.output;
import static io.freshet.sql.plan.PlannerFixture.query;
import static io.freshet.sql.plan.PlannerFixture.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.plan.PlannerFixture.SessionKey;
import io.freshet.sql.plan.PlannerFixture.WindowedKey;
import io.freshet.sql.plan.WindowOracle.Reading;
import io.freshet.sql.schema.WindowInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Windowed aggregates (TUMBLING, HOPPING, SESSION; EMIT CHANGES and EMIT FINAL) over out-of-order readings, some
 * within and some past the grace period, compared record for record with {@link WindowOracle}.
 */
class WindowedAggregateTopologyTest {

    private static final String AGGREGATES = "SELECT device, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n, "
            + "SUM(temp) AS total, AVG(temp) AS mean, MIN(temp) AS lo, MAX(temp) AS hi FROM readings ";
    private static final long BASE = 1_700_000_040_000L;

    private final PlannerFixture fixture = new PlannerFixture();

    /** Readings every 2 s on average, up to 20 s out of order, one in 20 two minutes late (past any grace here). */
    private static List<Reading> outOfOrderReadings(int count, long seed) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ts = BASE + i * 2_000L - random.nextInt(20_000) + (i % 20 == 19 ? -120_000 : 0);
            readings.add(new Reading("d" + random.nextInt(3), random.nextInt(200) / 2.0, ts));
        }
        return readings;
    }

    @Test
    void shouldWriteOneRecordPerClosedTumblingWindowWithEmitFinal() {
        List<Reading> readings = outOfOrderReadings(400, 1);
        WindowOracle oracle = WindowOracle.timeWindows(readings, 60_000, 60_000, 10_000);
        String sql = "CREATE TABLE per_minute AS " + AGGREGATES
                + "WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY device EMIT FINAL;";
        List<String> actual = run(sql, readings, false);
        assertThat(oracle.finals).hasSizeGreaterThan(10);
        assertThat(oracle.dropped).isGreaterThan(5);
        assertThat(actual).containsExactlyElementsOf(describe(oracle.finals));
    }

    @Test
    void shouldWriteEveryUpdateWithEmitChangesAndCountTheLateReadingsDropped() {
        List<Reading> readings = outOfOrderReadings(400, 2);
        WindowOracle oracle = WindowOracle.timeWindows(readings, 60_000, 60_000, 10_000);
        String sql = "CREATE TABLE per_minute AS " + AGGREGATES
                + "WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY device EMIT CHANGES;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "PER_MINUTE"))) {
            pipe(driver, readings);
            assertThat(describeTimeWindowed(output(driver, "PER_MINUTE").readRecordsToList()))
                    .containsExactlyElementsOf(describe(oracle.changes));
            assertThat(PlannerFixture.droppedRecords(driver)).isEqualTo(oracle.dropped).isGreaterThan(5);
        }
    }

    @Test
    void shouldAggregateHoppingWindowsLikeTheOracle() {
        List<Reading> readings = outOfOrderReadings(300, 3);
        String window = "WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 20 SECONDS, GRACE PERIOD 15 SECONDS) GROUP BY device ";
        WindowOracle oracle = WindowOracle.timeWindows(readings, 60_000, 20_000, 15_000);
        assertThat(run("CREATE TABLE hop AS " + AGGREGATES + window + "EMIT CHANGES;", readings, false))
                .containsExactlyElementsOf(describe(oracle.changes));
        assertThat(run("CREATE TABLE hop AS " + AGGREGATES + window + "EMIT FINAL;", readings, false))
                .containsExactlyElementsOf(describe(oracle.finals));
    }

    @Test
    void shouldMergeSessionsLikeTheOracle() {
        Random random = new Random(4);
        List<Reading> readings = new ArrayList<>();
        long t = BASE;
        for (int i = 0; i < 300; i++) {
            t += random.nextInt(12_000);
            long ts = t - random.nextInt(25_000) - (i % 30 == 29 ? 200_000 : 0);
            readings.add(new Reading("d" + random.nextInt(3), random.nextInt(200) / 2.0, ts));
        }
        WindowOracle oracle = WindowOracle.sessions(readings, 30_000, 10_000);
        String window = "WINDOW SESSION (30 SECONDS, GRACE PERIOD 10 SECONDS) GROUP BY device ";
        assertThat(oracle.changes).anyMatch(r -> r.count() == 0);
        assertThat(run("CREATE TABLE s AS " + AGGREGATES + window + "EMIT CHANGES;", readings, true))
                .containsExactlyElementsOf(describe(oracle.changes));
        assertThat(run("CREATE TABLE s AS " + AGGREGATES + window + "EMIT FINAL;", readings, true))
                .containsExactlyElementsOf(describe(oracle.finals));
    }

    @Test
    void shouldWriteTheWindowedKeyAsKeyBytesThenTheStartAndLeaveTheBoundsOutUnlessSelected() {
        String sql = "CREATE TABLE counts AS SELECT device, COUNT(*) AS n FROM readings "
                + "WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY device EMIT CHANGES;";
        AnalyzedQuery analyzed = fixture.planner().analyzePersistent(query(sql));
        assertThat(analyzed.window()).contains(new WindowInfo(WindowInfo.Type.TUMBLING,
                java.util.Optional.of(java.time.Duration.ofMinutes(1))));
        assertThat(analyzed.outputSchema().key()).extracting(c -> c.name()).containsExactly("DEVICE");
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "COUNTS"))) {
            input(driver, "readings").pipeInput("d1", reading(20.0, 120_500));
            TestRecord<byte[], byte[]> out = output(driver, "COUNTS").readRecord();
            byte[] expectedKey = ByteBuffer.allocate(10).put("d1".getBytes(StandardCharsets.UTF_8))
                    .putLong(120_000).array();
            assertThat(out.key()).isEqualTo(expectedKey);
            assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo("{\"N\":1}");
        }
    }

    @Test
    void shouldCountPerKeyWithoutAWindowAndFilterWithHaving() {
        String sql = "CREATE TABLE busy AS SELECT device, COUNT(*) AS n FROM readings GROUP BY device "
                + "HAVING COUNT(*) > 1 EMIT CHANGES;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "BUSY"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            in.pipeInput("d1", reading(1, 1));
            in.pipeInput("d1", reading(1, 2));
            in.pipeInput("d2", reading(1, 3));
            assertThat(keyedValues(driver, "BUSY")).containsExactly("d1 null", "d1 {\"N\":2}", "d2 null");
        }
    }

    @Test
    void shouldGroupByAValueColumnThroughARepartition() {
        String sql = "CREATE TABLE per_device AS SELECT device, SUM(amount) AS total FROM orders GROUP BY device;";
        org.apache.kafka.streams.Topology topology = fixture.persistent(sql, "PER_DEVICE");
        assertThat(topology.describe().toString()).contains("Aggregate-GroupBy-repartition")
                .contains("Aggregate-Aggregate-Materialize");
        try (TopologyTestDriver driver = driver(topology)) {
            TestInputTopic<String, String> in = input(driver, "orders");
            in.pipeInput("o1", "{\"DEVICE\":\"d1\",\"AMOUNT\":5}");
            in.pipeInput("o2", "{\"DEVICE\":\"d2\",\"AMOUNT\":7}");
            in.pipeInput("o3", "{\"DEVICE\":\"d1\",\"AMOUNT\":1}");
            in.pipeInput("o4", "{\"DEVICE\":null,\"AMOUNT\":1}");
            assertThat(keyedValues(driver, "PER_DEVICE"))
                    .containsExactly("d1 {\"TOTAL\":5}", "d2 {\"TOTAL\":7}", "d1 {\"TOTAL\":6}");
        }
    }

    @Test
    void shouldWriteOnlyTheClosedWindowsHavingAcceptsWithEmitFinal() {
        String sql = "CREATE TABLE busy AS SELECT device, COUNT(*) AS n FROM readings "
                + "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY device HAVING COUNT(*) >= 2 "
                + "EMIT FINAL;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "BUSY"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            in.pipeInput("d1", reading(1, 1_000));
            in.pipeInput("d1", reading(1, 2_000));
            in.pipeInput("d2", reading(1, 3_000));
            in.pipeInput("d3", reading(1, 25_000));
            assertThat(output(driver, "BUSY").readRecordsToList())
                    .extracting(r -> WindowedKey.of(r.key()) + " " + new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly(new WindowedKey("d1", 0) + " {\"N\":2}");
        }
    }

    @Test
    void shouldHandAPushQueryItsWindowedRowsInSelectOrder() {
        QueryPlanner planner = fixture.planner();
        AnalyzedQuery analyzed = planner.analyze(query("SELECT COUNT(*) AS n, WINDOWSTART, device FROM readings "
                + "WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY device EMIT CHANGES;"));
        List<List<Object>> rows = new ArrayList<>();
        try (TopologyTestDriver driver = driver(planner.transientQuery(analyzed, rows::add, "transient_3"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            in.pipeInput("d1", reading(1, 11_000));
            in.pipeInput("d1", reading(1, 12_000));
        }
        assertThat(rows).containsExactly(List.of(1L, 10_000L, "d1"), List.of(2L, 10_000L, "d1"));
    }

    @Test
    void shouldRunWithoutRocksDbOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("org.rocksdb.RocksDB")).isInstanceOf(ClassNotFoundException.class);
        String sql = "CREATE TABLE s AS SELECT device, COUNT(*) AS n FROM readings "
                + "WINDOW SESSION (30 SECONDS) GROUP BY device EMIT FINAL;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "S"))) {
            input(driver, "readings").pipeInput("d1", reading(1, 1_000));
            input(driver, "readings").pipeInput("d1", reading(1, 86_400_000L + 40_000));
            TestRecord<byte[], byte[]> out = output(driver, "S").readRecord();
            assertThat(SessionKey.of(out.key())).isEqualTo(new SessionKey("d1", 1_000, 1_000));
        }
    }

    private List<String> run(String sql, List<Reading> readings, boolean session) {
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "OUT"))) {
            pipe(driver, readings);
            List<TestRecord<byte[], byte[]>> out = output(driver, "OUT").readRecordsToList();
            return session ? describeSessions(out) : describeTimeWindowed(out);
        }
    }

    private static void pipe(TopologyTestDriver driver, List<Reading> readings) {
        TestInputTopic<String, String> in = input(driver, "readings");
        for (Reading r : readings) {
            in.pipeInput(r.device(), reading(r.temp(), r.ts()));
        }
    }

    private static List<String> describe(List<WindowOracle.Row> rows) {
        return rows.stream().map(WindowOracle.Row::describe).toList();
    }

    private static List<String> describeTimeWindowed(List<TestRecord<byte[], byte[]>> records) {
        List<String> rows = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : records) {
            WindowedKey key = WindowedKey.of(r.key());
            Map<String, Object> v = json(r.value());
            assertThat(((Number) v.get("WS")).longValue()).isEqualTo(key.start());
            rows.add(row(key.key(), key.start(), v));
        }
        return rows;
    }

    private static List<String> describeSessions(List<TestRecord<byte[], byte[]>> records) {
        List<String> rows = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : records) {
            SessionKey key = SessionKey.of(r.key());
            Map<String, Object> v = json(r.value());
            rows.add(v == null ? new WindowOracle.Row(key.key(), key.start(), key.end(), 0, 0, 0, 0).describe()
                    : row(key.key(), key.start(), v));
        }
        return rows;
    }

    private static String row(String device, long start, Map<String, Object> v) {
        WindowOracle.Row row = new WindowOracle.Row(device, start, ((Number) v.get("WE")).longValue(),
                ((Number) v.get("N")).longValue(), ((Number) v.get("TOTAL")).doubleValue(),
                ((Number) v.get("LO")).doubleValue(), ((Number) v.get("HI")).doubleValue());
        assertThat(((Number) v.get("MEAN")).doubleValue()).isCloseTo(row.avg(), org.assertj.core.data.Offset.offset(1e-9));
        return row.describe();
    }
}
