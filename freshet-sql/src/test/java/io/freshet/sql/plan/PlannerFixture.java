package io.freshet.sql.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.parser.SqlParser;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.LogicalSchema;
import io.freshet.sql.schema.MetaStore;
import io.freshet.sql.schema.SqlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The sources the planner tests query, as CREATE STREAM/TABLE would register them, and TopologyTestDriver
 * plumbing: JSON strings in, raw bytes out (what a consumer of the sink topic reads).
 *
 * <pre>
 * READINGS stream (DEVICE VARCHAR KEY, TEMP DOUBLE, TS BIGINT) topic readings, KAFKA key, JSON value, TIMESTAMP='TS'
 * DEVICES  table  (ID VARCHAR PRIMARY KEY, SITE VARCHAR, FLOOR INT) topic devices, KAFKA key, JSON value
 * ORDERS   stream (ORDER_ID VARCHAR KEY, DEVICE VARCHAR, AMOUNT INT) topic orders, record timestamps
 * PAYMENTS stream (PAY_ID VARCHAR KEY, ORDER_ID VARCHAR, PAID INT) topic payments, record timestamps
 * SITES    table  (NAME VARCHAR PRIMARY KEY, REGION VARCHAR) topic sites, KAFKA key, JSON value
 * CLICKS   stream (URL VARCHAR, USER_ID VARCHAR) topic clicks, no key
 * </pre>
 */
final class PlannerFixture implements MetaStore {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, DataSource> sources = new LinkedHashMap<>();

    PlannerFixture() {
        add(new DataSource("READINGS", SourceKind.STREAM, new LogicalSchema(
                List.of(new Column("DEVICE", SqlType.STRING, true)),
                List.of(new Column("TEMP", SqlType.DOUBLE, false), new Column("TS", SqlType.BIGINT, false))),
                "readings", Format.KAFKA, Format.JSON, Optional.of("TS"), Optional.empty(), "CREATE STREAM readings"));
        add(new DataSource("DEVICES", SourceKind.TABLE, new LogicalSchema(
                List.of(new Column("ID", SqlType.STRING, true)),
                List.of(new Column("SITE", SqlType.STRING, false), new Column("FLOOR", SqlType.INTEGER, false))),
                "devices", Format.KAFKA, Format.JSON, Optional.empty(), Optional.empty(), "CREATE TABLE devices"));
        add(new DataSource("ORDERS", SourceKind.STREAM, new LogicalSchema(
                List.of(new Column("ORDER_ID", SqlType.STRING, true)),
                List.of(new Column("DEVICE", SqlType.STRING, false), new Column("AMOUNT", SqlType.INTEGER, false))),
                "orders", Format.KAFKA, Format.JSON, Optional.empty(), Optional.empty(), "CREATE STREAM orders"));
        add(new DataSource("PAYMENTS", SourceKind.STREAM, new LogicalSchema(
                List.of(new Column("PAY_ID", SqlType.STRING, true)),
                List.of(new Column("ORDER_ID", SqlType.STRING, false), new Column("PAID", SqlType.INTEGER, false))),
                "payments", Format.KAFKA, Format.JSON, Optional.empty(), Optional.empty(), "CREATE STREAM payments"));
        add(new DataSource("SITES", SourceKind.TABLE, new LogicalSchema(
                List.of(new Column("NAME", SqlType.STRING, true)),
                List.of(new Column("REGION", SqlType.STRING, false))),
                "sites", Format.KAFKA, Format.JSON, Optional.empty(), Optional.empty(), "CREATE TABLE sites"));
        add(new DataSource("CLICKS", SourceKind.STREAM, new LogicalSchema(List.of(),
                List.of(new Column("URL", SqlType.STRING, false), new Column("USER_ID", SqlType.STRING, false))),
                "clicks", Format.NONE, Format.JSON, Optional.empty(), Optional.empty(), "CREATE STREAM clicks"));
    }

    void add(DataSource source) {
        sources.put(source.name(), source);
    }

    @Override
    public Optional<DataSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    @Override
    public Collection<DataSource> sources() {
        return sources.values();
    }

    QueryPlanner planner() {
        return new QueryPlanner(this);
    }

    /** The query of a SELECT, CREATE ... AS SELECT or INSERT INTO statement. */
    static Query query(String sql) {
        Statement statement = SqlParser.parse(sql).get(0);
        if (statement instanceof Statement.Select s) {
            return s.query();
        } else if (statement instanceof Statement.CreateAsSelect c) {
            return c.query();
        } else if (statement instanceof Statement.InsertInto i) {
            return i.query();
        }
        throw new IllegalArgumentException("not a query: " + sql);
    }

    Topology persistent(String sql, String sinkTopic) {
        QueryPlanner planner = planner();
        AnalyzedQuery analyzed = planner.analyzePersistent(query(sql));
        return planner.persistent(analyzed, new SinkSpec(sinkTopic, Format.KAFKA, Format.JSON), "CSAS_TEST_1");
    }

    static TopologyTestDriver driver(Topology topology) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "_freshet_sql_query_CSAS_TEST_1");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        // What the engine sets: a malformed value is skipped and counted, not fatal.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        return new TopologyTestDriver(topology, props);
    }

    static TestInputTopic<String, String> input(TopologyTestDriver driver, String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new StringSerializer());
    }

    static TestOutputTopic<byte[], byte[]> output(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static String reading(double temp, long ts) {
        return "{\"TEMP\":" + temp + ",\"TS\":" + ts + "}";
    }

    /** A JSON value as a map, or null for a tombstone. */
    static Map<String, Object> json(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A time-windowed KAFKA string key: the key bytes then the window start, 8 bytes big-endian. */
    record WindowedKey(String key, long start) {
        static WindowedKey of(byte[] bytes) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            String key = new String(Arrays.copyOf(bytes, bytes.length - 8), StandardCharsets.UTF_8);
            return new WindowedKey(key, buf.getLong(bytes.length - 8));
        }
    }

    /** A session-windowed KAFKA string key: the key bytes, then end and start, 8 bytes big-endian each. */
    record SessionKey(String key, long start, long end) {
        static SessionKey of(byte[] bytes) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            String key = new String(Arrays.copyOf(bytes, bytes.length - 16), StandardCharsets.UTF_8);
            return new SessionKey(key, buf.getLong(bytes.length - 8), buf.getLong(bytes.length - 16));
        }
    }

    /** The task-level dropped-records-total of the driver's only task: late and unreadable records. */
    static double droppedRecords(TopologyTestDriver driver) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().name().equals("dropped-records-total")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    /** Everything written to a sink topic so far, each record as "key value" in UTF-8 ("null" for a tombstone). */
    static List<String> keyedValues(TopologyTestDriver driver, String topic) {
        return output(driver, topic).readRecordsToList().stream()
                .map(r -> utf8(r.key()) + " " + utf8(r.value())).toList();
    }
}
