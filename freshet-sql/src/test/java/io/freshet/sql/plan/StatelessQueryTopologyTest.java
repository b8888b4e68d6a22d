package io.freshet.sql.plan;

import static io.freshet.sql.plan.PlannerFixture.driver;
import static io.freshet.sql.plan.PlannerFixture.input;
import static io.freshet.sql.plan.PlannerFixture.json;
import static io.freshet.sql.plan.PlannerFixture.keyedValues;
import static io.freshet.sql.plan.PlannerFixture.output;
import static io.freshet.sql.plan.PlannerFixture.query;
import static io.freshet.sql.plan.PlannerFixture.reading;
import static io.freshet.sql.plan.PlannerFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Filters, projections, PARTITION BY and table queries, run on TopologyTestDriver, checked byte for byte. */
class StatelessQueryTopologyTest {

    private final PlannerFixture fixture = new PlannerFixture();

    @Test
    void shouldWriteTheAlertsAnOracleFiltersFromTheSameReadings() {
        String sql = "CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES;";
        Random random = new Random(13);
        List<String[]> readings = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            readings.add(new String[] {"d" + random.nextInt(20), String.valueOf(50 + random.nextInt(80) / 2.0),
                    String.valueOf(1_000_000L + i * 100L)});
        }
        List<String> expected = new ArrayList<>();
        for (String[] r : readings) {
            if (Double.parseDouble(r[1]) > 80) {
                expected.add(r[0] + " {\"TEMP\":" + Double.parseDouble(r[1]) + "} @" + r[2]);
            }
        }
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "HOT"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            for (String[] r : readings) {
                in.pipeInput(r[0], reading(Double.parseDouble(r[1]), Long.parseLong(r[2])));
            }
            List<String> actual = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : output(driver, "HOT").readRecordsToList()) {
                actual.add(utf8(r.key()) + " " + utf8(r.value()) + " @" + r.timestamp());
            }
            assertThat(actual).isNotEmpty().containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldNameComputedColumnsLikeKsqlDbAndKeepTheKeyOutOfTheValue() {
        String sql = "CREATE STREAM t AS SELECT device, temp + 1, temp * 2 AS twice, ROWTIME, ROWPARTITION, ROWOFFSET"
                + " FROM readings EMIT CHANGES;";
        AnalyzedQuery analyzed = fixture.planner().analyzePersistent(query(sql));
        assertThat(analyzed.outputSchema().key()).extracting(c -> c.name()).containsExactly("DEVICE");
        assertThat(analyzed.outputSchema().value()).extracting(c -> c.name())
                .containsExactly("KSQL_COL_0", "TWICE", "ROWTIME", "ROWPARTITION", "ROWOFFSET");
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "T"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            in.pipeInput("d1", reading(20.5, 5000));
            in.pipeInput("d2", reading(30.0, 7000));
            List<TestRecord<byte[], byte[]>> out = output(driver, "T").readRecordsToList();
            assertThat(out).hasSize(2);
            assertThat(utf8(out.get(0).key())).isEqualTo("d1");
            assertThat(utf8(out.get(0).value()))
                    .isEqualTo("{\"KSQL_COL_0\":21.5,\"TWICE\":41.0,\"ROWTIME\":5000,\"ROWPARTITION\":0,\"ROWOFFSET\":0}");
            assertThat(json(out.get(1).value())).containsEntry("ROWOFFSET", 1).containsEntry("ROWTIME", 7000);
        }
    }

    @Test
    void shouldRunTheReadmesTransform() {
        String sql = "CREATE STREAM readings_f AS SELECT device, ROUND(temp * 9 / 5 + 32, 1) AS temp_f FROM readings "
                + "EMIT CHANGES;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "READINGS_F"))) {
            input(driver, "readings").pipeInput("d1", reading(21.3, 1000));
            TestRecord<byte[], byte[]> out = output(driver, "READINGS_F").readRecord();
            assertThat(utf8(out.key())).isEqualTo("d1");
            assertThat(utf8(out.value())).isEqualTo("{\"TEMP_F\":70.3}");
        }
    }

    @Test
    void shouldRekeyByThePartitionByColumn() {
        String sql = "CREATE STREAM by_device AS SELECT device, order_id, amount FROM orders PARTITION BY device;";
        AnalyzedQuery analyzed = fixture.planner().analyzePersistent(query(sql));
        assertThat(analyzed.outputSchema().key()).extracting(c -> c.name()).containsExactly("DEVICE");
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "BY_DEVICE"))) {
            input(driver, "orders").pipeInput("o-1", "{\"DEVICE\":\"d7\",\"AMOUNT\":3}");
            input(driver, "orders").pipeInput("o-2", "{\"DEVICE\":null,\"AMOUNT\":4}");
            List<TestRecord<byte[], byte[]>> out = output(driver, "BY_DEVICE").readRecordsToList();
            assertThat(out).hasSize(2);
            assertThat(utf8(out.get(0).key())).isEqualTo("d7");
            assertThat(utf8(out.get(0).value())).isEqualTo("{\"ORDER_ID\":\"o-1\",\"AMOUNT\":3}");
            assertThat(out.get(1).key()).isNull();
        }
    }

    @Test
    void shouldWriteNoKeyAfterPartitionByNull() {
        String sql = "CREATE STREAM keyless AS SELECT * FROM orders PARTITION BY NULL;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "KEYLESS"))) {
            input(driver, "orders").pipeInput("o-1", "{\"DEVICE\":\"d7\",\"AMOUNT\":3}");
            TestRecord<byte[], byte[]> out = output(driver, "KEYLESS").readRecord();
            assertThat(out.key()).isNull();
            assertThat(utf8(out.value())).isEqualTo("{\"ORDER_ID\":\"o-1\",\"DEVICE\":\"d7\",\"AMOUNT\":3}");
        }
    }

    @Test
    void shouldRefuseAPersistentQueryThatDropsTheKey() {
        assertThatThrownBy(() -> fixture.persistent("CREATE STREAM t AS SELECT temp FROM readings;", "T"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("Key missing from projection").hasMessageContaining("DEVICE");
        assertThatThrownBy(() -> fixture.persistent(
                "CREATE STREAM t AS SELECT amount FROM orders PARTITION BY device;", "T"))
                .isInstanceOf(SqlException.class).hasMessageContaining("DEVICE");
    }

    @Test
    void shouldSkipAndCountAnUnreadableValueAndGoOn() {
        String sql = "CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "HOT"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            in.pipeInput("d1", "{not json");
            in.pipeInput("d1", "{\"TEMP\":\"hot\",\"TS\":1}");
            in.pipeInput("d2", reading(99.0, 2000));
            List<TestRecord<byte[], byte[]>> out = output(driver, "HOT").readRecordsToList();
            assertThat(out).extracting(r -> utf8(r.key())).containsExactly("d2");
            assertThat(PlannerFixture.droppedRecords(driver)).isEqualTo(2.0);
        }
    }

    @Test
    void shouldDropAReadingWithoutItsTimestampColumnAndCountIt() {
        String sql = "CREATE STREAM all_readings AS SELECT device, temp FROM readings;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "ALL"))) {
            TestInputTopic<String, String> in = input(driver, "readings");
            in.pipeInput("d1", "{\"TEMP\":1.0}", 123L);
            in.pipeInput("d2", reading(2.0, 456));
            assertThat(output(driver, "ALL").readRecordsToList()).extracting(r -> r.timestamp()).containsExactly(456L);
            assertThat(PlannerFixture.droppedRecords(driver)).isEqualTo(1.0);
        }
    }

    @Test
    void shouldFilterATableIntoATableWithTombstones() {
        String sql = "CREATE TABLE upstairs AS SELECT id, site FROM devices WHERE floor > 2 EMIT CHANGES;";
        AnalyzedQuery analyzed = fixture.planner().analyzePersistent(query(sql));
        assertThat(analyzed.outputKind()).isEqualTo(io.freshet.sql.ast.SourceKind.TABLE);
        String[][] updates = {
            {"d1", "{\"SITE\":\"north\",\"FLOOR\":3}"},
            {"d2", "{\"SITE\":\"south\",\"FLOOR\":1}"},
            {"d3", "{\"SITE\":\"east\",\"FLOOR\":5}"},
            {"d1", "{\"SITE\":\"north\",\"FLOOR\":1}"},
            {"d3", null},
        };
        List<String> expected = new ArrayList<>();
        for (String[] u : updates) {
            Map<String, Object> v = json(u[1] == null ? null : u[1].getBytes());
            boolean passes = v != null && ((Number) v.get("FLOOR")).intValue() > 2;
            expected.add(u[0] + " " + (passes ? "{\"SITE\":\"" + v.get("SITE") + "\"}" : null));
        }
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "UPSTAIRS"))) {
            TestInputTopic<String, String> in = input(driver, "devices");
            for (String[] u : updates) {
                in.pipeInput(u[0], u[1]);
            }
            assertThat(keyedValues(driver, "UPSTAIRS")).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldDeliverPushQueryRowsInSelectOrder() {
        QueryPlanner planner = fixture.planner();
        AnalyzedQuery analyzed = planner.analyze(query("SELECT temp, device FROM readings WHERE temp > 80 EMIT CHANGES;"));
        assertThat(analyzed.selectOrder()).extracting(c -> c.name() + ":" + c.key())
                .containsExactly("TEMP:false", "DEVICE:true");
        List<List<Object>> rows = new ArrayList<>();
        try (TopologyTestDriver driver = driver(planner.transientQuery(analyzed, rows::add, "transient_1"))) {
            input(driver, "readings").pipeInput("d1", reading(81.0, 1));
            input(driver, "readings").pipeInput("d1", reading(79.0, 2));
        }
        assertThat(rows).containsExactly(List.of(81.0, "d1"));
    }

    @Test
    void shouldHandAPushQueryATableDeleteAsTheKeyWithNulls() {
        QueryPlanner planner = fixture.planner();
        AnalyzedQuery analyzed = planner.analyze(query("SELECT site, id FROM devices EMIT CHANGES;"));
        List<List<Object>> rows = new ArrayList<>();
        try (TopologyTestDriver driver = driver(planner.transientQuery(analyzed, rows::add, "transient_4"))) {
            input(driver, "devices").pipeInput("d1", "{\"SITE\":\"north\",\"FLOOR\":3}");
            input(driver, "devices").pipeInput("d1", (String) null);
        }
        assertThat(rows).containsExactly(List.of("north", "d1"), java.util.Arrays.asList(null, "d1"));
    }

    @Test
    void shouldLetAPushQueryLeaveTheKeyOut() {
        QueryPlanner planner = fixture.planner();
        AnalyzedQuery analyzed = planner.analyze(query("SELECT url FROM clicks WHERE user_id = 'u1' EMIT CHANGES;"));
        List<List<Object>> rows = new ArrayList<>();
        try (TopologyTestDriver driver = driver(planner.transientQuery(analyzed, rows::add, "transient_2"))) {
            input(driver, "clicks").pipeInput(null, "{\"URL\":\"/a\",\"USER_ID\":\"u1\"}");
            input(driver, "clicks").pipeInput(null, "{\"URL\":\"/b\",\"USER_ID\":\"u2\"}");
        }
        assertThat(rows).containsExactly(List.of("/a"));
    }
}
