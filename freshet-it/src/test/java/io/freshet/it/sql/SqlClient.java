package io.freshet.it.sql;

import io.freshet.sql.engine.SqlEngine;
import io.freshet.sql.engine.SqlEngineConfig;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.RowSink;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Statements submitted as {@code freshet sql} submits them: an engine that only writes the command topic and reads
 * the status topic ({@code runQueries} false), so the queries run wherever the cluster's engine runs (in the
 * broker); or, with {@code runQueries} true, this process runs them ({@code freshet sql --standalone}).
 */
final class SqlClient implements AutoCloseable {

    private final SqlEngine engine;
    private final SqlSession session;

    private SqlClient(SqlEngine engine) {
        this.engine = engine;
        this.session = engine.newSession();
    }

    /** Submits to the cluster's own engine (the broker's). */
    static SqlClient submitter(String bootstrap, Path stateDir) {
        return new SqlClient(SqlEngine.start(new SqlEngineConfig(bootstrap, stateDir, false, Map.of())));
    }

    /** Runs the queries in this process, against any Kafka-protocol cluster. */
    static SqlClient standalone(String bootstrap, Path stateDir) {
        return new SqlClient(SqlEngine.start(new SqlEngineConfig(bootstrap, stateDir, true, Map.of())));
    }

    /** Runs {@code statements}; fails the test, naming the statement and the error, when one fails. */
    List<StatementResult> run(String statements) {
        List<StatementResult> results = session.execute(statements, null);
        for (StatementResult result : results) {
            if (result instanceof StatementResult.Failed failed) {
                throw new AssertionError("'" + failed.statement() + "' failed: " + failed.error().describe(),
                    failed.error());
            }
        }
        return results;
    }

    /** The results, the last one a {@link StatementResult.Failed} when a statement failed. */
    List<StatementResult> attempt(String statements) {
        return session.execute(statements, null);
    }

    List<StatementResult> stream(String statement, RowSink rows) {
        return session.execute(statement, rows);
    }

    /** SHOW QUERIES' view of one query. */
    QueryInfo query(String queryId) {
        for (StatementResult result : run("SHOW QUERIES;")) {
            if (result instanceof StatementResult.Queries queries) {
                for (QueryInfo query : queries.queries()) {
                    if (query.id().equals(queryId)) {
                        return query;
                    }
                }
            }
        }
        throw new AssertionError("no query " + queryId + " in SHOW QUERIES");
    }

    /** The id of the query each CREATE ... AS SELECT started, in order. */
    static List<String> queryIds(List<StatementResult> results) {
        return results.stream().filter(r -> r instanceof StatementResult.Done)
            .map(r -> ((StatementResult.Done) r).queryId()).filter(java.util.Optional::isPresent)
            .map(java.util.Optional::get).toList();
    }

    @Override
    public void close() {
        session.close();
        engine.close();
    }
}
