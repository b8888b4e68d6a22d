package io.freshet.it.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.freshet.sql.engine.SqlEngine;
import io.freshet.sql.engine.SqlEngineConfig;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.session.RowSink;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;
import io.freshet.testkit.FreshetExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The statements that do not run a query, through a session of a client engine (as {@code freshet sql} submits):
 * CREATE STREAM/TABLE and their checks, SHOW, DESCRIBE, DROP [DELETE TOPIC], SET/UNSET, PRINT, and stopping at the
 * first failure.
 */
class SqlStatementsTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private static SqlEngine engine;
    private static Admin admin;

    @BeforeAll
    static void start() {
        engine = SqlEngine.start(new SqlEngineConfig(FRESHET.bootstrapServers(), null, false, Map.of()));
        admin = Admin.create(Map.of("bootstrap.servers", FRESHET.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        engine.close();
        admin.close();
    }

    private static List<StatementResult> run(SqlSession session, String sql) {
        return session.execute(sql, null);
    }

    private static String failure(List<StatementResult> results) {
        StatementResult last = results.get(results.size() - 1);
        assertThat(last).isInstanceOf(StatementResult.Failed.class);
        return ((StatementResult.Failed) last).error().describe();
    }

    @Test
    void shouldCreateAStreamOnlyOverATopicThatExistsOrThatPartitionsCreates() throws Exception {
        try (SqlSession session = engine.newSession()) {
            assertThat(failure(run(session, "CREATE STREAM missing (id VARCHAR KEY, v INT) WITH"
                + " (KAFKA_TOPIC='missing_topic', VALUE_FORMAT='JSON');")))
                .isEqualTo("line 1, column 1: Kafka topic does not exist: missing_topic");

            List<StatementResult> created = run(session, "CREATE STREAM made (id VARCHAR KEY, v INT) WITH"
                + " (KAFKA_TOPIC='made_topic', VALUE_FORMAT='JSON', PARTITIONS=3);");

            assertThat(created).singleElement().isEqualTo(new StatementResult.Done(
                "CREATE STREAM made (id VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='made_topic', VALUE_FORMAT='JSON',"
                    + " PARTITIONS=3)", "Stream created", Optional.empty()));
            assertThat(admin.describeTopics(List.of("made_topic")).allTopicNames().get().get("made_topic")
                .partitions()).hasSize(3);
            assertThat(admin.listTopics().names().get()).doesNotContain("missing_topic");
        }
    }

    @Test
    void shouldShowDescribeAndDropWithDeleteTopic() throws Exception {
        try (SqlSession session = engine.newSession()) {
            run(session, "CREATE TABLE devices (id VARCHAR PRIMARY KEY, site VARCHAR) WITH (KAFKA_TOPIC='devices',"
                + " VALUE_FORMAT='JSON', PARTITIONS=1);");

            StatementResult.Sources tables = (StatementResult.Sources) run(session, "SHOW TABLES;").get(0);
            assertThat(tables.sources()).extracting(DataSource::name).contains("DEVICES");

            StatementResult.Description described = (StatementResult.Description) run(session,
                "DESCRIBE devices;").get(0);
            assertThat(described.source().schema().columns()).extracting(c -> c.name() + " " + c.type()
                + (c.key() ? " KEY" : "")).containsExactly("ID STRING KEY", "SITE STRING");
            assertThat(described.readers()).isEmpty();
            assertThat(described.writers()).isEmpty();

            StatementResult.Topics topics = (StatementResult.Topics) run(session, "SHOW TOPICS;").get(0);
            assertThat(topics.topics()).contains(new StatementResult.TopicInfo("devices", 1));
            assertThat(topics.topics()).extracting(StatementResult.TopicInfo::name)
                .noneMatch(name -> name.startsWith("_"));

            assertThat(run(session, "DROP TABLE devices DELETE TOPIC;")).singleElement()
                .extracting(r -> ((StatementResult.Done) r).message())
                .isEqualTo("Source `DEVICES` (topic: devices) was dropped.");
            assertThat(failure(run(session, "DESCRIBE devices;"))).startsWith("line 1, column 1: Could not find"
                + " STREAM/TABLE 'DEVICES' in the Metastore");
            await().atMost(Duration.ofSeconds(10)).until(() -> !admin.listTopics().names().get()
                .contains("devices"));
        }
    }

    @Test
    void shouldStopAtTheFirstFailingStatementAndNameItsLineAndColumn() {
        try (SqlSession session = engine.newSession()) {
            List<StatementResult> results = run(session, String.join("\n",
                "CREATE STREAM first_s (v INT) WITH (KAFKA_TOPIC='first_s', VALUE_FORMAT='JSON', PARTITIONS=1);",
                "CREATE STREAM second_s (v INT) WITH (KAFKA_TOPIC='second_s', VALUE_FORMAT='JSON', COLOUR='red');",
                "CREATE STREAM third_s (v INT) WITH (KAFKA_TOPIC='third_s', VALUE_FORMAT='JSON', PARTITIONS=1);"));

            assertThat(results).hasSize(2);
            assertThat(failure(results)).isEqualTo("line 2, column 1: unknown property COLOUR in WITH; known"
                + " properties: FORMAT, KAFKA_TOPIC, KEY_FORMAT, PARTITIONS, REPLICAS, TIMESTAMP, VALUE_FORMAT");
            StatementResult.Sources streams = (StatementResult.Sources) run(session, "SHOW STREAMS;").get(0);
            assertThat(streams.sources()).extracting(DataSource::name).contains("FIRST_S")
                .doesNotContain("SECOND_S", "THIRD_S");
        }
    }

    @Test
    void shouldSetAndUnsetSessionPropertiesAndRefuseUnknownOnes() {
        try (SqlSession session = engine.newSession()) {
            assertThat(run(session, "SET 'auto.offset.reset'='earliest';")).singleElement()
                .extracting(r -> ((StatementResult.Done) r).message())
                .isEqualTo("Successfully changed local property 'auto.offset.reset' to 'earliest'.");
            assertThat(session.properties()).containsEntry("auto.offset.reset", "earliest");
            StatementResult.Properties shown = (StatementResult.Properties) run(session, "SHOW PROPERTIES;")
                .get(0);
            assertThat(shown.properties()).containsEntry("auto.offset.reset", "earliest");
            assertThat(failure(run(session, "SET 'auto.offset.reset'='sometimes';")))
                .isEqualTo("line 1, column 1: auto.offset.reset takes 'earliest' or 'latest', not 'sometimes'");
            assertThat(failure(run(session, "SET 'no.such.thing'='1';"))).contains("unknown property"
                + " 'no.such.thing'; known properties: auto.offset.reset, freshet.sql.error.topic");
            run(session, "UNSET 'auto.offset.reset';");
            assertThat(session.properties()).doesNotContainKey("auto.offset.reset");
        }
    }

    @Test
    void shouldPrintATopicsRecordsFromTheBeginningUpToTheLimit() throws Exception {
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("printed", 1, (short) 1))).all()
            .get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                FRESHET.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("printed", 0, 1_700_000_000_000L, "d1", "{\"TEMP\":81.5}")).get();
            producer.send(new ProducerRecord<>("printed", 0, 1_700_000_001_000L, null, "plain")).get();
            producer.send(new ProducerRecord<>("printed", 0, 1_700_000_002_000L, "d3", "{}")).get();
        }
        CollectedRows rows = new CollectedRows();
        try (SqlSession session = engine.newSession()) {
            List<StatementResult> results = session.execute("PRINT 'printed' FROM BEGINNING LIMIT 2;", rows);

            assertThat(results).singleElement().isEqualTo(new StatementResult.Streamed(
                "PRINT 'printed' FROM BEGINNING LIMIT 2", List.of(RowSink.PRINT_RECORD), 2));
        }
        assertThat(rows.header).containsExactly(RowSink.PRINT_RECORD);
        assertThat(rows.rows).containsExactly(
            List.of("rowtime: 2023/11/14 22:13:20.000 Z, key: d1, value: {\"TEMP\":81.5}, partition: 0"),
            List.of("rowtime: 2023/11/14 22:13:21.000 Z, key: <null>, value: plain, partition: 0"));
    }

    @Test
    void shouldRefuseToPrintATopicThatDoesNotExist() {
        try (SqlSession session = engine.newSession()) {
            assertThat(failure(session.execute("PRINT 'nope' FROM BEGINNING;", new CollectedRows())))
                .endsWith("Could not find topic 'nope'. Topic names are case-sensitive.");
        }
    }
}
