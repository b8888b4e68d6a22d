package io.freshet.it.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.freshet.sql.engine.SqlEngine;
import io.freshet.sql.engine.SqlEngineConfig;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetOnly;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A persistent query survives a clean restart of the broker: the engine replays the command topic, starts the query
 * under the same id and application.id, and it resumes from its committed offsets, with nothing written twice.
 */
@FreshetOnly("restarts an embedded Freshet running persistent queries")
class SqlRestartTest {

    @Test
    void shouldResumeAQueryAfterABrokerRestartWithoutDuplicates() throws Exception {
        try (EmbeddedFreshet freshet = EmbeddedFreshet.start()) {
            String queryId;
            try (SqlEngine client = SqlEngine.start(new SqlEngineConfig(freshet.bootstrapServers(), null, false,
                    Map.of())); SqlSession session = client.newSession()) {
                List<StatementResult> results = session.execute(String.join("\n",
                    "CREATE STREAM readings (device VARCHAR KEY, temp DOUBLE) WITH (KAFKA_TOPIC='readings',",
                    "  VALUE_FORMAT='JSON', PARTITIONS=1);",
                    "SET 'auto.offset.reset'='earliest';",
                    "CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80;"), null);
                assertThat(results).hasSize(3).noneMatch(r -> r instanceof StatementResult.Failed);
                queryId = ((StatementResult.Done) results.get(2)).queryId().orElseThrow();
                SinkRecords.produce(freshet.bootstrapServers(), "readings", List.of(
                    new String[] {"a", "{\"TEMP\":81}"}, new String[] {"b", "{\"TEMP\":10}"},
                    new String[] {"c", "{\"TEMP\":82}"}));
                assertThat(SinkRecords.readAll(freshet.bootstrapServers(), "HOT", 2))
                    .containsExactly("a={\"TEMP\":81.0}", "c={\"TEMP\":82.0}");
            }

            freshet.restart();

            SinkRecords.produce(freshet.bootstrapServers(), "readings", List.of(
                new String[] {"d", "{\"TEMP\":83}"}, new String[] {"e", "{\"TEMP\":84}"}));
            assertThat(SinkRecords.readAll(freshet.bootstrapServers(), "HOT", 4)).containsExactly(
                "a={\"TEMP\":81.0}", "c={\"TEMP\":82.0}", "d={\"TEMP\":83.0}", "e={\"TEMP\":84.0}");
            try (SqlEngine client = SqlEngine.start(new SqlEngineConfig(freshet.bootstrapServers(), null, false,
                    Map.of()))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.query(queryId).map(QueryInfo::state)
                    .orElse("GONE").equals("RUNNING"));
            }
        }
    }
}
