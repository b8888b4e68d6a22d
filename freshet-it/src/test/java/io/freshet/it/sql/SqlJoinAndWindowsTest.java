package io.freshet.it.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's engine runs a stream-table LEFT JOIN (enrichment), a HOPPING and a SESSION window aggregate over
 * real topics, written by a real producer and read back read_committed: the join sees the table as of each reading
 * (an update before a reading applies to it, a device the table lacks gives null), and EMIT FINAL writes each
 * closed window once, with ksqlDB's windowed keys, equal to what plain Java computes over the same readings.
 */
@FreshetOnly("persistent queries run in Freshet's in-broker SQL engine (on Kafka: freshet sql --standalone)")
class SqlJoinAndWindowsTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Minute-aligned, an hour ago: windows align to the epoch, and no retention deletes the records. */
    private static final long BASE = (System.currentTimeMillis() - 3_600_000L) / 60_000L * 60_000L;

    @TempDir
    static Path stateDir;
    private static SqlClient sql;

    @BeforeAll
    static void start() {
        sql = SqlClient.submitter(FRESHET.bootstrapServers(), stateDir);
        sql.run("SET 'auto.offset.reset'='earliest';");
    }

    @AfterAll
    static void stop() {
        sql.close();
    }

    @Test
    void aLeftJoinEnrichesEachReadingWithTheTableAsOfThatReading() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        sql.run("""
            CREATE TABLE devices (id VARCHAR PRIMARY KEY, site VARCHAR)
              WITH (KAFKA_TOPIC='j_devices', VALUE_FORMAT='JSON', PARTITIONS=1);
            CREATE STREAM j_readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT)
              WITH (KAFKA_TOPIC='j_readings', VALUE_FORMAT='JSON', TIMESTAMP='ts', PARTITIONS=1);
            """);
        // Every record is on the broker before the query starts, so only timestamps order them: the table's first
        // records (stamped now), readings at t, the update of d1 at t + 5, a last reading at t + 10.
        SinkRecords.produce(bootstrap, "j_devices", List.of(new String[] {"d1", "{\"site\":\"site-a\"}"},
            new String[] {"d2", "{\"site\":\"site-b\"}"}));
        long t = System.currentTimeMillis() + 1_000;
        SinkRecords.produce(bootstrap, "j_readings", List.of(reading("d1", 50.0, t), reading("d3", 60.0, t + 1),
            reading("d2", 70.0, t + 2)));
        try (KafkaProducer<String, String> producer = ReadingsScenario.producer(bootstrap)) {
            producer.send(new ProducerRecord<>("j_devices", null, t + 5, "d1", "{\"site\":\"site-z\"}")).get();
        }
        SinkRecords.produce(bootstrap, "j_readings", List.<String[]>of(reading("d1", 55.0, t + 10)));

        sql.run("""
            CREATE STREAM enriched AS SELECT r.device AS device, r.temp AS temp, d.site AS site
              FROM j_readings r LEFT JOIN devices d ON r.device = d.id EMIT CHANGES;
            """);

        assertThat(SinkRecords.readAll(bootstrap, "ENRICHED", 4)).containsExactly(
            "d1={\"TEMP\":50.0,\"SITE\":\"site-a\"}",
            "d1={\"TEMP\":55.0,\"SITE\":\"site-z\"}",
            "d2={\"TEMP\":70.0,\"SITE\":\"site-b\"}",
            "d3={\"TEMP\":60.0,\"SITE\":null}");
    }

    @Test
    void hoppingAndSessionWindowsEmitEachClosedWindowOnceAsPlainJavaComputesIt() throws Exception {
        String bootstrap = FRESHET.bootstrapServers();
        sql.run("""
            CREATE STREAM w_readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT)
              WITH (KAFKA_TOPIC='w_readings', VALUE_FORMAT='JSON', TIMESTAMP='ts', PARTITIONS=1);
            CREATE TABLE hop AS SELECT device, WINDOWSTART AS ws, COUNT(*) AS n, SUM(temp) AS total
              FROM w_readings WINDOW HOPPING (SIZE 20 SECONDS, ADVANCE BY 10 SECONDS, GRACE PERIOD 0 SECONDS)
              GROUP BY device EMIT FINAL;
            CREATE TABLE sess AS SELECT device, COUNT(*) AS n, MIN(temp) AS lo, MAX(temp) AS hi
              FROM w_readings WINDOW SESSION (5 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY device EMIT FINAL;
            """);
        List<Object[]> readings = List.of(
            new Object[] {"d1", 10.0, 1_000L}, new Object[] {"d2", 1.0, 2_000L}, new Object[] {"d2", 2.0, 4_000L},
            new Object[] {"d2", 3.0, 8_000L}, new Object[] {"d1", 20.0, 12_000L}, new Object[] {"d2", 4.0, 20_000L},
            new Object[] {"d1", 30.0, 25_000L},
            // moves stream time past every window above (its own windows stay open)
            new Object[] {"d9", 0.0, 100_000L});
        List<String[]> records = new ArrayList<>();
        for (Object[] r : readings) {
            records.add(reading((String) r[0], (Double) r[1], BASE + (Long) r[2]));
        }
        SinkRecords.produce(bootstrap, "w_readings", records);

        Map<String, String> hopping = expectedHopping(readings);
        Map<String, String> sessions = expectedSessions(readings);
        assertThat(windowed(ReadingsScenario.readCommitted(bootstrap, "HOP", hopping.size(), Duration.ofSeconds(60)),
            false)).isEqualTo(hopping);
        assertThat(windowed(ReadingsScenario.readCommitted(bootstrap, "SESS", sessions.size(),
            Duration.ofSeconds(60)), true)).isEqualTo(sessions);
    }

    private static String[] reading(String device, double temp, long ts) {
        return new String[] {device, "{\"temp\":" + temp + ",\"ts\":" + ts + "}"};
    }

    /** Windows of 20 s every 10 s, aligned to the epoch; those ending by 100 s (closed by d9) are final. */
    private static Map<String, String> expectedHopping(List<Object[]> readings) {
        Map<String, double[]> windows = new TreeMap<>();
        for (Object[] r : readings) {
            long ts = BASE + (Long) r[2];
            for (long start = ts / 10_000 * 10_000; start > ts - 20_000; start -= 10_000) {
                if (start + 20_000 <= BASE + 100_000) {
                    double[] agg = windows.computeIfAbsent(r[0] + "@" + start, k -> new double[2]);
                    agg[0]++;
                    agg[1] += (Double) r[1];
                }
            }
        }
        Map<String, String> expected = new TreeMap<>();
        windows.forEach((key, agg) -> expected.put(key, "{\"WS\":" + key.substring(key.indexOf('@') + 1)
            + ",\"N\":" + (long) agg[0] + ",\"TOTAL\":" + agg[1] + "}"));
        return expected;
    }

    /** Sessions: a reading at most 5 s after its device's last one joins that session. */
    private static Map<String, String> expectedSessions(List<Object[]> readings) {
        Map<String, List<double[]>> byDevice = new TreeMap<>();
        for (Object[] r : readings) {
            if (r[0].equals("d9")) {
                continue; // still open
            }
            List<double[]> sessions = byDevice.computeIfAbsent((String) r[0], k -> new ArrayList<>());
            long ts = BASE + (Long) r[2];
            double temp = (Double) r[1];
            double[] last = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
            if (last != null && ts - (long) last[1] <= 5_000) {
                last[1] = ts;
                last[2]++;
                last[3] = Math.min(last[3], temp);
                last[4] = Math.max(last[4], temp);
            } else {
                sessions.add(new double[] {ts, ts, 1, temp, temp});
            }
        }
        Map<String, String> expected = new TreeMap<>();
        byDevice.forEach((device, sessions) -> sessions.forEach(s -> expected.put(
            device + "@" + (long) s[0] + "-" + (long) s[1],
            "{\"N\":" + (long) s[2] + ",\"LO\":" + s[3] + ",\"HI\":" + s[4] + "}")));
        return expected;
    }

    /**
     * "device@start" (session: "device@start-end") to the value, from ksqlDB's windowed keys: the key bytes then
     * the window start (8 bytes); a session key has the end then the start. Tombstones (merged sessions) left out.
     */
    private static Map<String, String> windowed(List<ConsumerRecord<byte[], byte[]>> records, boolean session)
            throws Exception {
        Map<String, String> windows = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue;
            }
            int suffix = session ? 16 : 8;
            String device = new String(r.key(), 0, r.key().length - suffix, StandardCharsets.UTF_8);
            ByteBuffer times = ByteBuffer.wrap(r.key(), r.key().length - suffix, suffix);
            String key = session
                ? device + "@" + reversed(times)
                : device + "@" + times.getLong();
            JsonNode value = JSON.readTree(r.value());
            assertThat(windows.put(key, value.toString())).as("window %s written once", key).isNull();
        }
        return windows;
    }

    private static String reversed(ByteBuffer endThenStart) {
        long end = endThenStart.getLong();
        long start = endThenStart.getLong();
        return start + "-" + end;
    }
}
