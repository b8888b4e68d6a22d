package io.freshet.http.ksql;

import io.freshet.sql.session.SqlSession;

import java.util.function.Supplier;

/**
 * What the ksqlDB-shaped API runs statements with: the SQL engine's sessions (one per request: ksqlDB scopes a
 * request's SET and {@code streamsProperties} to that request) and the version {@code GET /info} reports.
 *
 * @param sessions      opens a session of the running engine ({@code SqlEngine::newSession})
 * @param serverVersion this server's version, for {@code /info}
 */
public record KsqlBackend(Supplier<SqlSession> sessions, String serverVersion) {
}
