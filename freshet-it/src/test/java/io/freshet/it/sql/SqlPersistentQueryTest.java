package io.freshet.it.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.freshet.sql.engine.SqlEngine;
import io.freshet.sql.engine.SqlEngineConfig;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Persistent and push queries run by the broker's own engine, submitted by a client engine as {@code freshet sql}
 * submits them: the alert query end to end (exact sink records), malformed input skipped and counted, a push
 * query with LIMIT, TERMINATE removing the query's internal topics and group, DROP refused while a query runs.
 */
@FreshetOnly("persistent queries run in Freshet's in-broker SQL engine (on Kafka: freshet sql --standalone)")
class SqlPersistentQueryTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private static SqlEngine client;
    private static Admin admin;

    @BeforeAll
    static void start() {
        client = SqlEngine.start(new SqlEngineConfig(FRESHET.bootstrapServers(), null, false, Map.of()));
        admin = Admin.create(Map.of("bootstrap.servers", FRESHET.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        client.close();
        admin.close();
    }

    private static List<StatementResult> run(SqlSession session, String sql) {
        List<StatementResult> results = session.execute(sql, null);
        for (StatementResult r : results) {
            if (r instanceof StatementResult.Failed f) {
                throw new AssertionError(f.statement() + ": " + f.error().describe(), f.error());
            }
        }
        return results;
    }

    private static String queryId(List<StatementResult> results) {
        return results.stream().filter(r -> r instanceof StatementResult.Done d && d.queryId().isPresent())
            .map(r -> ((StatementResult.Done) r).queryId().get()).findFirst().orElseThrow();
    }

    private static QueryInfo awaitState(String queryId, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> client.query(queryId).map(QueryInfo::state)
            .orElse("GONE").equals(state));
        return client.query(queryId).orElseThrow();
    }

    @Test
    void shouldWriteAnAlertForEveryHotReadingSkippingAndCountingMalformedOnes() throws Exception {
        try (SqlSession session = client.newSession()) {
            List<StatementResult> results = run(session, String.join("\n",
                "CREATE STREAM readings (device VARCHAR KEY, temp DOUBLE, ts BIGINT)",
                "  WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON', TIMESTAMP='ts', PARTITIONS=2);",
                "SET 'auto.offset.reset'='earliest';",
                "CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES;"));
            String id = queryId(results);
            assertThat(id).matches("CSAS_HOT_[0-9]+");
            assertThat(((StatementResult.Done) results.get(2)).message()).isEqualTo("Created query with ID " + id);
            assertThat(admin.describeTopics(List.of("HOT")).allTopicNames().get().get("HOT").partitions())
                .hasSize(2);

            SinkRecords.produce(FRESHET.bootstrapServers(), "readings", List.of(
                new String[] {"d1", "{\"TEMP\":75.0,\"TS\":1000}"},
                new String[] {"d1", "{\"TEMP\":85.5,\"TS\":2000}"},
                new String[] {"d2", "{not json"},
                new String[] {"d2", "{\"TEMP\":90,\"TS\":3000}"},
                new String[] {"d3", "{\"TEMP\":\"hot\",\"TS\":4000}"},
                new String[] {"d3", "{\"TEMP\":81.0,\"TS\":5000}"}));

            assertThat(SinkRecords.readAll(FRESHET.bootstrapServers(), "HOT", 3)).containsExactly(
                "d1={\"TEMP\":85.5}", "d2={\"TEMP\":90.0}", "d3={\"TEMP\":81.0}");
            await().atMost(Duration.ofSeconds(15)).until(() -> client.query(id).orElseThrow()
                .malformedRecords() == 2);
            QueryInfo info = client.query(id).orElseThrow();
            assertThat(info.state()).isEqualTo("RUNNING");
            assertThat(info.sources()).containsExactly("READINGS");
            assertThat(info.sinks()).containsExactly("HOT");

            // A push query over the same stream, from the beginning, up to its LIMIT.
            CollectedRows rows = new CollectedRows();
            List<StatementResult> pushed = session.execute(
                "SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES LIMIT 2;", rows);
            assertThat(pushed).singleElement().extracting(r -> ((StatementResult.Streamed) r).rows())
                .isEqualTo(2L);
            assertThat(rows.header).extracting(c -> c.name()).containsExactly("DEVICE", "TEMP");
            assertThat(rows.rows).hasSize(2).allSatisfy(row -> assertThat((Double) row.get(1)).isGreaterThan(80));

            StatementResult drop = session.execute("DROP STREAM readings;", null).get(0);
            assertThat(drop).isInstanceOf(StatementResult.Failed.class);
            assertThat(((StatementResult.Failed) drop).error().getMessage()).contains(
                "The following queries read from this source: [" + id + "]");

            assertThat(run(session, "TERMINATE " + id + ";")).singleElement()
                .isEqualTo(new StatementResult.Done("TERMINATE " + id, "Query terminated.", Optional.empty()));
            assertThat(client.query(id)).isEmpty();
            String applicationId = "_freshet_sql_query_" + id;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(admin.listTopics().names().get()).noneMatch(t -> t.startsWith(applicationId));
                assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().equals(applicationId));
            });
            run(session, "DROP STREAM hot; DROP STREAM readings;");
        }
    }

    @Test
    void shouldSendUnreadableRecordsToTheSessionsErrorTopic() throws Exception {
        try (SqlSession session = client.newSession()) {
            String id = queryId(run(session, String.join("\n",
                "CREATE STREAM orders (id VARCHAR KEY, amount INT) WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON',",
                "  PARTITIONS=1);",
                "SET 'auto.offset.reset'='earliest';",
                "SET 'freshet.sql.error.topic'='orders_errors';",
                "CREATE STREAM big_orders AS SELECT id, amount FROM orders WHERE amount >= 100;")));
            SinkRecords.produce(FRESHET.bootstrapServers(), "orders", List.of(
                new String[] {"o1", "{\"AMOUNT\":150}"},
                new String[] {"o2", "{\"AMOUNT\":\"lots\"}"},
                new String[] {"o3", "{\"AMOUNT\":5}"}));

            assertThat(SinkRecords.readAll(FRESHET.bootstrapServers(), "BIG_ORDERS", 1))
                .containsExactly("o1={\"AMOUNT\":150}");
            assertThat(SinkRecords.readAll(FRESHET.bootstrapServers(), "orders_errors", 1))
                .containsExactly("o2={\"AMOUNT\":\"lots\"}");
            List<String> headers = SinkRecords.headersOfFirst(FRESHET.bootstrapServers(), "orders_errors");
            assertThat(headers).contains("freshet.sql.query.id=" + id, "freshet.sql.source=orders/0/1");
            assertThat(headers).anyMatch(h -> h.startsWith("freshet.sql.error=") && h.contains("AMOUNT"));
            await().atMost(Duration.ofSeconds(15)).until(() -> client.query(id).orElseThrow()
                .malformedRecords() == 1);
            run(session, "TERMINATE " + id + ";");
        }
    }

    @Test
    void shouldCheckInsertIntoAndTheResultTypeAgainstTheSink() throws Exception {
        try (SqlSession session = client.newSession()) {
            run(session, String.join("\n",
                "CREATE STREAM eu (id VARCHAR KEY, amount INT) WITH (KAFKA_TOPIC='eu', VALUE_FORMAT='JSON',"
                    + " PARTITIONS=1);",
                "CREATE STREAM us (id VARCHAR KEY, amount INT, note VARCHAR) WITH (KAFKA_TOPIC='us',"
                    + " VALUE_FORMAT='JSON', PARTITIONS=1);",
                "CREATE STREAM all_orders (id VARCHAR KEY, amount INT) WITH (KAFKA_TOPIC='all_orders',"
                    + " VALUE_FORMAT='JSON', PARTITIONS=1);",
                "SET 'auto.offset.reset'='earliest';"));

            StatementResult wrong = session.execute("INSERT INTO all_orders SELECT * FROM us;", null).get(0);
            assertThat(((StatementResult.Failed) wrong).error().getMessage()).isEqualTo("Incompatible schema between"
                + " results and sink. Result schema is `ID` STRING KEY, `AMOUNT` INTEGER, `NOTE` STRING, but sink"
                + " schema is `ID` STRING KEY, `AMOUNT` INTEGER.");
            StatementResult table = session.execute("CREATE STREAM counts AS SELECT id, COUNT(*) AS n FROM eu"
                + " GROUP BY id;", null).get(0);
            assertThat(((StatementResult.Failed) table).error().getMessage()).isEqualTo("Invalid result type."
                + " Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.");

            String insert = queryId(run(session, "INSERT INTO all_orders SELECT id, amount FROM us;"));
            assertThat(insert).matches("INSERTQUERY_[0-9]+");
            String ctas = queryId(run(session, "CREATE TABLE counts AS SELECT id, COUNT(*) AS n FROM eu GROUP BY id;"));
            assertThat(ctas).matches("CTAS_COUNTS_[0-9]+");
            SinkRecords.produce(FRESHET.bootstrapServers(), "us", List.<String[]>of(
                new String[] {"u1", "{\"AMOUNT\":7,\"NOTE\":\"x\"}"}));
            assertThat(SinkRecords.readAll(FRESHET.bootstrapServers(), "all_orders", 1))
                .containsExactly("u1={\"AMOUNT\":7}");
            run(session, "TERMINATE ALL;");
            assertThat(client.query(insert)).isEmpty();
            assertThat(client.query(ctas)).isEmpty();
        }
    }
}
