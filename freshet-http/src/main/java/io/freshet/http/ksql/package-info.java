/**
 * ksqlDB's REST API on the HTTP listener: {@code POST /ksql} (statements, answered as ksqlDB's entities),
 * {@code POST /query-stream} (a push query streamed back, newline-delimited), {@code POST /close-query},
 * {@code GET /info}. Statements run through freshet-sql's {@code SqlSession}s, one per request, on this package's
 * threads ({@code KsqlApi}); a SQL failure is a {@code StatementException}, which {@code error/HttpErrors} answers
 * as ksqlDB's {@code statement_error}.
 */
package io.freshet.http.ksql;
