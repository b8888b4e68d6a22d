package io.freshet.it.sql;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.freshet.sql.cli.SqlCommand;
import io.freshet.sql.cli.StopSignal;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.StatementResult;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error path of the issue, end to end against a broker that runs the queries: a bad statement (line and
 * column, exit code 1 from {@code freshet sql}); malformed JSON and a wrong type in the input (skipped, counted,
 * logged once each with topic/partition/offset, the query goes on); a late record past the grace period (dropped,
 * counted); a source over a topic that does not exist; DROP of a source a query reads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqlErrorPathsTest {

    @TempDir
    static Path work;
    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();
    private static SqlClient sql;

    @BeforeAll
    static void start() {
        sql = SqlClient.submitter(freshet.bootstrapServers(), work.resolve("client"));
    }

    @AfterAll
    static void stop() {
        sql.close();
    }

    @Test
    void aBadStatementGivesLineAndColumnAndExitCode1FromFreshetSql() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = SqlCommand.run(List.of("--bootstrap-server", freshet.bootstrapServers(), "-e",
                "SHOW STREAMS;\nCREATE STREAM x (a INT) WITH (KAFKA_TOPIC='x' VALUE_FORMAT='JSON');"),
            new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), StopSignal.manual());

        assertThat(code).isEqualTo(SqlCommand.EXIT_FAILED);
        assertThat(err.toString()).containsPattern("line 2, column \\d+: .*expected");
    }

    @Test
    @FreshetOnly("persistent queries run in Freshet's in-broker SQL engine (on Kafka: freshet sql --standalone)")
    void malformedJsonAndAWrongTypeAreSkippedCountedAndLoggedAndTheQueryGoesOn() throws Exception {
        ListAppender<ILoggingEvent> log = capture("io.freshet.sql");
        List<StatementResult> created = sql.run("""
            SET 'auto.offset.reset'='earliest';
            CREATE STREAM m_in (device VARCHAR KEY, temp DOUBLE) WITH (KAFKA_TOPIC='m_in', VALUE_FORMAT='JSON', PARTITIONS=1);
            CREATE STREAM m_hot AS SELECT device, temp FROM m_in WHERE temp > 80 EMIT CHANGES;
            """);
        String queryId = SqlClient.queryIds(created).get(0);

        ReadingsScenario.produceRaw(freshet.bootstrapServers(), "m_in", "d1", List.of("{\"temp\": 90.5}", "{not json",
            "{\"temp\": \"hot\"}", "{\"temp\": 95.5}"));

        List<ConsumerRecord<byte[], byte[]>> out = ReadingsScenario.readCommitted(freshet.bootstrapServers(),
            "M_HOT", 2, Duration.ofSeconds(30));
        assertThat(out).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
            .containsExactly("{\"TEMP\":90.5}", "{\"TEMP\":95.5}");
        Awaitility.await("the query reports both skipped records").atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200)).until(() -> sql.query(queryId).malformedRecords() == 2);
        QueryInfo query = sql.query(queryId);
        assertThat(query.state()).isEqualTo("RUNNING");
        // Kafka Streams' dropped-records metric counts the skipped records too; they are not late ones.
        assertThat(query.lateRecords()).isZero();
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(line -> line.contains("malformed") && line.contains(queryId)).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("m_in/0/1");
        assertThat(lines.get(1)).contains("m_in/0/2");
    }

    @Test
    @FreshetOnly("persistent queries run in Freshet's in-broker SQL engine (on Kafka: freshet sql --standalone)")
    void aLateRecordPastTheGracePeriodIsDroppedAndCounted() throws Exception {
        List<StatementResult> created = sql.run("""
            SET 'auto.offset.reset'='earliest';
            CREATE STREAM l_in (device VARCHAR KEY, temp DOUBLE, ts BIGINT)
              WITH (KAFKA_TOPIC='l_in', VALUE_FORMAT='JSON', TIMESTAMP='ts', PARTITIONS=1);
            CREATE TABLE l_counts AS SELECT device, COUNT(*) AS n FROM l_in
              WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY device EMIT FINAL;
            """);
        String queryId = SqlClient.queryIds(created).get(0);
        long t0 = ReadingsScenario.T0;

        ReadingsScenario.produceRaw(freshet.bootstrapServers(), "l_in", "d1", List.of(
            reading(t0 + 1_000), reading(t0 + 65_000), reading(t0 + 5_000), // within grace: counted in [t0, t0+60s)
            reading(t0 + 75_000), reading(t0 + 30_000),                      // stream time 75 s: late, dropped
            reading(t0 + 200_000)));                                         // closes [t0+60s, t0+120s)

        List<ReadingsOracle.WindowResult> windows = ReadingsScenario.windows(ReadingsScenario.readCommitted(
            freshet.bootstrapServers(), "L_COUNTS", 2, Duration.ofSeconds(30)));
        assertThat(windows).extracting(w -> w.start() + "=" + w.count())
            .containsExactlyInAnyOrder(t0 + "=2", (t0 + 60_000) + "=2");
        Awaitility.await("the query reports the late record").atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200)).until(() -> sql.query(queryId).lateRecords() == 1);
    }

    @Test
    void aSourceOverATopicThatDoesNotExistIsRefusedNamingIt() {
        List<StatementResult> results = sql.attempt(
            "CREATE STREAM u (a INT) WITH (KAFKA_TOPIC='no_such_topic', VALUE_FORMAT='JSON');");

        assertThat(results).last().isInstanceOf(StatementResult.Failed.class);
        assertThat(((StatementResult.Failed) results.get(results.size() - 1)).error().getMessage())
            .contains("no_such_topic");
    }

    @Test
    void droppingASourceAQueryReadsIsRefusedNamingTheQuery() {
        List<StatementResult> created = sql.run("""
            CREATE STREAM d_in (device VARCHAR KEY, temp DOUBLE) WITH (KAFKA_TOPIC='d_in', VALUE_FORMAT='JSON', PARTITIONS=1);
            CREATE STREAM d_hot AS SELECT device, temp FROM d_in WHERE temp > 80 EMIT CHANGES;
            """);
        String queryId = SqlClient.queryIds(created).get(0);

        List<StatementResult> results = sql.attempt("DROP STREAM d_in;");

        assertThat(results).last().isInstanceOf(StatementResult.Failed.class);
        String message = ((StatementResult.Failed) results.get(results.size() - 1)).error().getMessage();
        assertThat(message).containsAnyOf(queryId, "D_HOT");
        assertThat(sql.run("SHOW STREAMS;").get(0)).isInstanceOfSatisfying(StatementResult.Sources.class,
            sources -> assertThat(sources.sources()).anyMatch(s -> s.name().equals("D_IN")));
    }

    private static String reading(long ts) {
        return "{\"temp\": 50.0, \"ts\": " + ts + "}";
    }

    private static ListAppender<ILoggingEvent> capture(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
