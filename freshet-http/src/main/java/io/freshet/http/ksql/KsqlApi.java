package io.freshet.http.ksql;

import io.freshet.gateway.EventLog;
import io.freshet.http.error.RestException;
import io.freshet.http.error.StatementException;
import io.freshet.http.json.Json;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.parser.SqlParser;
import io.freshet.sql.session.SqlSession;
import io.freshet.sql.session.StatementResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * ksqlDB's REST API over Freshet's SQL engine:
 * <ul>
 *   <li>{@code POST /ksql} {@code {"ksql": "...;", "streamsProperties": {...}}}: runs the statements in order; the
 *       answer is a JSON array with one entity per statement ({@link KsqlEntities}); the first failure stops the run
 *       and is answered 400 as ksqlDB's {@code statement_error} (error_code 40001, the message with its line and
 *       column, the statement's text, the entities of those before it). SELECT and PRINT belong on
 *       {@code /query-stream} (40002).</li>
 *   <li>{@code POST /query-stream} {@code {"sql": "SELECT ... EMIT CHANGES;", "properties": {...}}}: one push query,
 *       streamed back ({@link PushQuery}) until its LIMIT, until the client disconnects, or until
 *       {@code POST /close-query} {@code {"queryId": ...}}.</li>
 *   <li>{@code GET /info}: {@code {"KsqlServerInfo": {"version", "kafkaClusterId", "ksqlServiceId",
 *       "serverStatus"}}}.</li>
 * </ul>
 * Each request has a session of its own (ksqlDB scopes SET to the request). Statements block (the command topic, a
 * push query's whole life), so they run on this API's threads, never on an event loop: at most
 * {@value #MAX_RUNNING} at once, beyond which a request is answered 503. Without an engine
 * ({@code sql.enabled=false}) the SQL routes answer 404 saying so.
 */
public final class KsqlApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KsqlApi.class);
    static final int MAX_RUNNING = 64;
    private static final String SERVICE_ID = "freshet";

    private final EventLog eventLog;
    private final Optional<KsqlBackend> backend;
    private final ThreadPoolExecutor threads;
    private final Map<String, PushQuery> pushQueries = new ConcurrentHashMap<>();

    public KsqlApi(EventLog eventLog, Optional<KsqlBackend> backend) {
        this.eventLog = eventLog;
        this.backend = backend;
        this.threads = new ThreadPoolExecutor(0, MAX_RUNNING, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            new DefaultThreadFactory("http-ksql", true));
    }

    public void register(Router router) {
        router.post("/ksql", this::statements);
        router.post("/query-stream", this::queryStream);
        router.post("/close-query", this::closeQuery);
        router.get("/info", this::info);
    }

    private void info(HttpExchange exchange) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", backend.map(KsqlBackend::serverVersion).orElse("unknown"));
        info.put("kafkaClusterId", eventLog.clusterId());
        info.put("ksqlServiceId", SERVICE_ID);
        info.put("serverStatus", backend.isPresent() ? "RUNNING" : "SQL_DISABLED");
        exchange.respondJson(200, Map.of("KsqlServerInfo", info));
    }

    private void statements(HttpExchange exchange) throws Exception {
        KsqlBackend sql = requireEngine();
        KsqlRequest request = KsqlRequest.parse(exchange.bodyBytes(), "ksql");
        refuseQueries(request.text());
        run(exchange, () -> {
            try (SqlSession session = sql.sessions().get()) {
                applyProperties(session, request);
                List<Map<String, Object>> entities = new ArrayList<>();
                for (StatementResult result : session.execute(request.text(), null)) {
                    if (result instanceof StatementResult.Failed failed) {
                        throw new StatementException(StatementException.BAD_STATEMENT, failed.error().describe(),
                            failed.statement(), entities);
                    }
                    entities.add(KsqlEntities.of(result));
                }
                exchange.respondJson(200, entities);
            }
        });
    }

    private void queryStream(HttpExchange exchange) throws Exception {
        KsqlBackend sql = requireEngine();
        KsqlRequest request = KsqlRequest.parse(exchange.bodyBytes(), "sql");
        requireOnePushQuery(request.text());
        String accept = exchange.header(HttpHeaderNames.ACCEPT);
        boolean jsonArray = accept != null && accept.contains("application/json")
            && !accept.contains(PushQuery.DELIMITED);
        PushQuery query = new PushQuery("transient_" + UUID.randomUUID().toString().replace("-", ""), exchange,
            jsonArray);
        run(exchange, () -> {
            pushQueries.put(query.queryId(), query);
            try (SqlSession session = sql.sessions().get()) {
                applyProperties(session, request);
                List<StatementResult> results = session.execute(request.text(), query);
                StatementResult last = results.isEmpty() ? null : results.get(results.size() - 1);
                if (last instanceof StatementResult.Failed failed) {
                    // Before the header: a plain 400. After it: the answer is cut off (no last chunk).
                    throw new StatementException(StatementException.BAD_STATEMENT, failed.error().describe(),
                        failed.statement(), List.of());
                }
                if (query.started()) {
                    query.end();
                } else {
                    throw new StatementException(StatementException.BAD_STATEMENT,
                        "Not a push query: /query-stream runs one SELECT ... EMIT CHANGES", request.text(), List.of());
                }
            } finally {
                pushQueries.remove(query.queryId());
                query.cancel();
            }
        });
    }

    private void closeQuery(HttpExchange exchange) throws Exception {
        requireEngine();
        String queryId = Json.MAPPER.readTree(exchange.bodyBytes()).path("queryId").asText("");
        PushQuery query = pushQueries.get(queryId);
        if (query == null) {
            throw new RestException(400, 40000, "No push query with id '" + queryId + "' is running");
        }
        query.cancel();
        exchange.respondJson(200, Map.of());
    }

    /** Runs {@code work} on this API's threads; its exceptions are the request's answer. */
    private void run(HttpExchange exchange, Work work) {
        try {
            threads.execute(() -> {
                try {
                    work.run();
                } catch (SqlException e) {
                    exchange.respondError(new StatementException(StatementException.BAD_STATEMENT, e.describe(), "",
                        List.of()));
                } catch (Exception e) {
                    exchange.respondError(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new RestException(503, RestException.SERVICE_UNAVAILABLE, "Too many SQL requests running at once ("
                + MAX_RUNNING + "): try again later");
        }
    }

    private static void applyProperties(SqlSession session, KsqlRequest request) {
        if (request.properties().isEmpty()) {
            return;
        }
        for (StatementResult result : session.execute(request.setStatements(), null)) {
            if (result instanceof StatementResult.Failed failed) {
                throw new StatementException(StatementException.BAD_STATEMENT, "Property refused: "
                    + failed.error().getMessage(), failed.statement(), List.of());
            }
        }
    }

    /** A SELECT or PRINT on {@code /ksql} is refused before anything runs, as ksqlDB does. */
    private static void refuseQueries(String text) {
        for (Statement statement : parseIfPossible(text)) {
            if (statement instanceof Statement.Select || statement instanceof Statement.Print) {
                throw new StatementException(StatementException.QUERY_ENDPOINT,
                    "SELECT and PRINT statements stream their rows: send them to /query-stream",
                    statement.text(), List.of());
            }
        }
    }

    private static void requireOnePushQuery(String text) {
        List<Statement> statements;
        try {
            statements = SqlParser.parse(text);
        } catch (SqlException e) {
            throw new StatementException(StatementException.BAD_STATEMENT, e.describe(), text.strip(), List.of());
        }
        if (statements.size() != 1 || !(statements.get(0) instanceof Statement.Select
            || statements.get(0) instanceof Statement.Print)) {
            throw new StatementException(StatementException.BAD_STATEMENT,
                "/query-stream runs exactly one SELECT ... EMIT CHANGES (or PRINT) statement; others go to /ksql",
                text.strip(), List.of());
        }
    }

    /** The statements, or none when the text does not parse: the session then reports the error with its run. */
    private static List<Statement> parseIfPossible(String text) {
        try {
            return SqlParser.parse(text);
        } catch (SqlException e) {
            return List.of();
        }
    }

    private KsqlBackend requireEngine() {
        return backend.orElseThrow(() -> new RestException(404, 40400,
            "SQL is not enabled on this server (sql.enabled=false): no engine runs /ksql or /query-stream"));
    }

    /** Ends running push queries, then stops the threads (statements in flight finish or fail on their own). */
    @Override
    public void close() {
        pushQueries.values().forEach(PushQuery::cancel);
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("SQL requests still running after 5 s at HTTP shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }
}
