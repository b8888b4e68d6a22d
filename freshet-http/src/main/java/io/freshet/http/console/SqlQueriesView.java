package io.freshet.http.console;

import io.freshet.http.error.RestException;
import io.freshet.http.ksql.KsqlBackend;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /console/api/sql/queries}: the SQL engine's persistent queries as SHOW QUERIES lists them, run in a
 * session of its own on a console lane (a statement may block); {@code enabled: false} and no queries when the
 * server runs no engine ({@code sql.enabled=false}).
 */
final class SqlQueriesView {

    /** {@code error} is null unless the query failed. */
    record QueryView(String id, String state, String sql, List<String> sources, List<String> sinks, String error) {
    }

    record Queries(boolean enabled, List<QueryView> queries) {
    }

    private final ConsoleClients clients;
    private final Optional<KsqlBackend> engine;

    SqlQueriesView(ConsoleClients clients, Optional<KsqlBackend> engine) {
        this.clients = clients;
        this.engine = engine;
    }

    CompletableFuture<Queries> list() {
        if (engine.isEmpty()) {
            return CompletableFuture.completedFuture(new Queries(false, List.of()));
        }
        return clients.offLoop(() -> new Queries(true, showQueries(engine.get())));
    }

    private static List<QueryView> showQueries(KsqlBackend engine) {
        try (SqlSession session = engine.sessions().get()) {
            List<StatementResult> results = session.execute("SHOW QUERIES;", null);
            StatementResult last = results.isEmpty() ? null : results.get(results.size() - 1);
            if (last instanceof StatementResult.Queries queries) {
                return queries.queries().stream()
                    .sorted(Comparator.comparing(QueryInfo::id))
                    .map(q -> new QueryView(q.id(), q.state(), q.sql(), q.sources(), q.sinks(), q.error().orElse(null)))
                    .toList();
            }
            String why = last instanceof StatementResult.Failed failed ? failed.error().describe() : String.valueOf(last);
            throw new RestException(500, 500, "SHOW QUERIES failed: " + why);
        }
    }
}
