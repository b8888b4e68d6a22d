package io.freshet.sql.plan;

import static io.freshet.sql.plan.PlannerFixture.driver;
import static io.freshet.sql.plan.PlannerFixture.input;
import static io.freshet.sql.plan.PlannerFixture.keyedValues;
import static io.freshet.sql.plan.PlannerFixture.output;
import static io.freshet.sql.plan.PlannerFixture.query;
import static io.freshet.sql.plan.PlannerFixture.reading;
import static io.freshet.sql.plan.PlannerFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Stream-table [LEFT] JOIN: each reading is enriched with the table row as it stood when the reading was
 * processed (updates before it apply, updates after it do not), compared with a plain-Java map replaying the same
 * interleaving.
 */
class StreamTableJoinTopologyTest {

    private final PlannerFixture fixture = new PlannerFixture();

    /** Interleaved input: table updates (some deletes) and readings, in processing order. */
    private record Event(boolean table, String key, String site, double temp, long ts) {
    }

    private static List<Event> interleaved(long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String device = "d" + random.nextInt(8);
            long ts = 1_000_000L + i * 10L;
            if (random.nextInt(4) == 0) {
                events.add(new Event(true, device, random.nextInt(5) == 0 ? null : "site-" + random.nextInt(3), 0, ts));
            } else {
                events.add(new Event(false, device, null, random.nextInt(100) + 0.5, ts));
            }
        }
        return events;
    }

    @Test
    void shouldEnrichEveryReadingWithTheTableRowAsItStoodWithLeftJoin() {
        String sql = "CREATE STREAM enriched AS SELECT r.device, r.temp, d.site FROM readings r "
                + "LEFT JOIN devices d ON r.device = d.id EMIT CHANGES;";
        List<Event> events = interleaved(5);
        List<String> expected = oracle(events, true);
        assertThat(expected).anyMatch(s -> s.endsWith("\"SITE\":null}")).anyMatch(s -> s.contains("site-"));
        assertThat(run(fixture.persistent(sql, "ENRICHED"), events, "ENRICHED")).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldDropReadingsWithoutATableRowWithInnerJoin() {
        String sql = "CREATE STREAM enriched AS SELECT r.device, r.temp, d.site FROM readings r "
                + "JOIN devices d ON d.id = r.device EMIT CHANGES;";
        List<Event> events = interleaved(6);
        List<String> expected = oracle(events, false);
        assertThat(expected.size()).isLessThan((int) events.stream().filter(e -> !e.table()).count());
        assertThat(run(fixture.persistent(sql, "ENRICHED"), events, "ENRICHED")).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRekeyAStreamJoinedOnAValueColumnThroughANamedRepartitionTopic() {
        String sql = "CREATE STREAM order_sites AS SELECT d.id, o.order_id, o.amount, d.site FROM orders o "
                + "JOIN devices d ON o.device = d.id;";
        AnalyzedQuery analyzed = fixture.planner().analyzePersistent(query(sql));
        assertThat(analyzed.outputSchema().key()).extracting(c -> c.name()).containsExactly("ID");
        Topology topology = fixture.persistent(sql, "ORDER_SITES");
        assertThat(topology.describe().toString()).contains("topic: Join-repartition").doesNotContain("KSTREAM-");
        try (TopologyTestDriver driver = driver(topology)) {
            input(driver, "devices").pipeInput("d1", "{\"SITE\":\"north\",\"FLOOR\":1}", 1L);
            TestInputTopic<String, String> orders = input(driver, "orders");
            orders.pipeInput("o-1", "{\"DEVICE\":\"d1\",\"AMOUNT\":3}", 2L);
            orders.pipeInput("o-2", "{\"DEVICE\":\"d2\",\"AMOUNT\":4}", 3L);
            assertThat(keyedValues(driver, "ORDER_SITES"))
                    .containsExactly("d1 {\"ORDER_ID\":\"o-1\",\"AMOUNT\":3,\"SITE\":\"north\"}");
        }
    }

    @Test
    void shouldAggregateEnrichedReadingsPerSite() {
        String sql = "CREATE TABLE per_site AS SELECT d.site, COUNT(*) AS n, MAX(r.temp) AS hi FROM readings r "
                + "JOIN devices d ON r.device = d.id GROUP BY d.site EMIT CHANGES;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "PER_SITE"))) {
            TestInputTopic<String, String> devices = input(driver, "devices");
            TestInputTopic<String, String> readings = input(driver, "readings");
            devices.pipeInput("d1", "{\"SITE\":\"north\",\"FLOOR\":1}", 1L);
            devices.pipeInput("d2", "{\"SITE\":\"north\",\"FLOOR\":2}", 1L);
            readings.pipeInput("d1", reading(10.5, 2));
            readings.pipeInput("d2", reading(30.0, 3));
            readings.pipeInput("d3", reading(99.0, 4));
            devices.pipeInput("d2", "{\"SITE\":\"south\",\"FLOOR\":2}", 5L);
            readings.pipeInput("d2", reading(20.0, 6));
            assertThat(keyedValues(driver, "PER_SITE")).containsExactly("north {\"N\":1,\"HI\":10.5}",
                    "north {\"N\":2,\"HI\":30.0}", "south {\"N\":1,\"HI\":20.0}");
        }
    }

    @Test
    void shouldJoinThroughTwoTablesRekeyingBetween() {
        String sql = "CREATE STREAM regional AS SELECT r.device, r.temp, d.site, s.region FROM readings r "
                + "LEFT JOIN devices d ON r.device = d.id JOIN sites s ON d.site = s.name EMIT CHANGES;";
        Topology topology = fixture.persistent(sql, "REGIONAL");
        assertThat(topology.describe().toString()).contains("topic: Join-2-repartition")
                .doesNotContain("topic: Join-repartition");
        Random random = new Random(9);
        Map<String, String> siteOf = new HashMap<>();
        Map<String, String> regionOf = new HashMap<>();
        List<String> expected = new ArrayList<>();
        try (TopologyTestDriver driver = driver(topology)) {
            TestInputTopic<String, String> devices = input(driver, "devices");
            TestInputTopic<String, String> sites = input(driver, "sites");
            TestInputTopic<String, String> readings = input(driver, "readings");
            for (int i = 0; i < 300; i++) {
                String device = "d" + random.nextInt(6);
                String site = "s" + random.nextInt(3);
                switch (random.nextInt(4)) {
                    case 0 -> {
                        devices.pipeInput(device, "{\"SITE\":\"" + site + "\",\"FLOOR\":1}", i);
                        siteOf.put(device, site);
                    }
                    case 1 -> {
                        String region = "region-" + random.nextInt(2);
                        sites.pipeInput(site, "{\"REGION\":\"" + region + "\"}", i);
                        regionOf.put(site, region);
                    }
                    default -> {
                        double temp = random.nextInt(100) + 0.5;
                        readings.pipeInput(device, reading(temp, i));
                        String s1 = siteOf.get(device);
                        if (s1 != null && regionOf.containsKey(s1)) {
                            expected.add(s1 + " {\"DEVICE\":\"" + device + "\",\"TEMP\":" + temp + ",\"REGION\":\""
                                    + regionOf.get(s1) + "\"}");
                        }
                    }
                }
            }
            assertThat(expected).hasSizeGreaterThan(20);
            assertThat(keyedValues(driver, "REGIONAL")).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldNameStoresValidlyWhateverTheAlias() {
        String sql = "CREATE STREAM e AS SELECT r.device, `my devices`.site FROM readings r "
                + "JOIN devices `my devices` ON r.device = `my devices`.id;";
        try (TopologyTestDriver driver = driver(fixture.persistent(sql, "E"))) {
            assertThat(driver.getAllStateStores()).containsOnlyKeys("Source-my_devices-Store");
            input(driver, "devices").pipeInput("d1", "{\"SITE\":\"north\",\"FLOOR\":1}", 1L);
            input(driver, "readings").pipeInput("d1", reading(1.0, 2));
            assertThat(utf8(output(driver, "E").readValue())).isEqualTo("{\"SITE\":\"north\"}");
        }
    }

    @Test
    void shouldNameStarColumnsAfterTheirSide() {
        AnalyzedQuery analyzed = fixture.planner().analyze(
                query("SELECT * FROM readings r LEFT JOIN devices d ON r.device = d.id EMIT CHANGES;"));
        assertThat(analyzed.selectOrder()).extracting(c -> c.name())
                .containsExactly("R_DEVICE", "R_TEMP", "R_TS", "D_ID", "D_SITE", "D_FLOOR");
        assertThat(analyzed.outputSchema().key()).extracting(c -> c.name()).containsExactly("R_DEVICE");
    }

    private static List<String> oracle(List<Event> events, boolean left) {
        Map<String, String> sites = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.table()) {
                if (e.site() == null) {
                    sites.remove(e.key());
                } else {
                    sites.put(e.key(), e.site());
                }
            } else if (left || sites.containsKey(e.key())) {
                String site = sites.get(e.key());
                out.add(e.key() + " {\"TEMP\":" + e.temp() + ",\"SITE\":" + (site == null ? "null" : "\"" + site + "\"")
                        + "}");
            }
        }
        return out;
    }

    private static List<String> run(Topology topology, List<Event> events, String sink) {
        try (TopologyTestDriver driver = driver(topology)) {
            TestInputTopic<String, String> devices = input(driver, "devices");
            TestInputTopic<String, String> readings = input(driver, "readings");
            for (Event e : events) {
                if (e.table()) {
                    devices.pipeInput(e.key(), e.site() == null ? null : "{\"SITE\":\"" + e.site() + "\",\"FLOOR\":1}",
                            e.ts());
                } else {
                    readings.pipeInput(e.key(), reading(e.temp(), e.ts()));
                }
            }
            return keyedValues(driver, sink);
        }
    }
}
