package io.freshet.sql.engine;

import io.freshet.sql.session.SqlSession;

/**
 * The SQL engine: statements are kept in the cluster's command topic (the source of truth, so a restarted engine,
 * or one against another cluster, replays them), and an engine with {@code runQueries} runs every persistent query
 * in it as a Kafka Streams application (exactly_once_v2, in-memory stores with changelogs) until terminated.
 */
public final class SqlEngine implements AutoCloseable {

    private SqlEngine() {
    }

    /** Returns at once; replaying the command topic and starting queries happen on the engine's own thread. */
    public static SqlEngine start(SqlEngineConfig config) {
        throw new UnsupportedOperationException("engine: helper 'sql-engine' implements this");
    }

    public SqlSession newSession() {
        throw new UnsupportedOperationException("engine: helper 'sql-engine' implements this");
    }

    @Override
    public void close() {
    }
}
