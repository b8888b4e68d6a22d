package io.freshet.http.ksql;

import io.freshet.http.json.Json;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.ResponseStream;
import io.freshet.sql.schema.Column;
import io.freshet.sql.session.RowSink;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code POST /query-stream}: the push query's rows written as ksqlDB's query-stream answer. The answer's head
 * goes out with the query's header (so a statement refused before its first row is still a plain 400), then:
 * <pre>
 *   application/vnd.ksqlapi.delimited.v1 (default):  {"queryId":..,"columnNames":[..],"columnTypes":[..]}\n [row]\n ...
 *   application/json (Accept):                       [{header},[row],[row]...]   (closed when the query ends)
 * </pre>
 *
 * <p>Threads: {@link #header} and {@link #row} are called on the query's thread and hop to the connection's event
 * loop, in order (one event loop executes them FIFO); the stream is touched only there. A row waits while the
 * socket's buffer is over Netty's high water mark (a slow client slows its own query, memory stays bounded), and
 * {@link #cancelled} turns true when the client disconnects or {@code /close-query} names the query.
 */
final class PushQuery implements RowSink {

    static final String DELIMITED = "application/vnd.ksqlapi.delimited.v1";
    private static final long WRITABLE_WAIT_MS = 100;

    private final String queryId;
    private final HttpExchange exchange;
    private final boolean jsonArray;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Object writable = new Object();
    /** Set on the query thread by {@link #header}; read by the thread that ends the answer. */
    private volatile boolean started;
    /** Event loop only. */
    private ResponseStream stream;

    PushQuery(String queryId, HttpExchange exchange, boolean jsonArray) {
        this.queryId = queryId;
        this.exchange = exchange;
        this.jsonArray = jsonArray;
        exchange.channel().closeFuture().addListener(closed -> cancel());
    }

    String queryId() {
        return queryId;
    }

    boolean started() {
        return started;
    }

    void cancel() {
        cancelled.set(true);
        synchronized (writable) {
            writable.notifyAll();
        }
    }

    @Override
    public boolean cancelled() {
        return cancelled.get();
    }

    @Override
    public void header(List<Column> columns) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("queryId", queryId);
        header.put("columnNames", columns.stream().map(Column::name).toList());
        header.put("columnTypes", columns.stream().map(c -> c.type().displayName()).toList());
        String text = new String(Json.bytes(header), StandardCharsets.UTF_8);
        started = true;
        exchange.eventLoop().execute(() -> {
            stream = exchange.startStream(HttpResponseStatus.OK, jsonArray ? HttpExchange.JSON : DELIMITED);
            stream.onWritable(this::wakeWriter);
            stream.write(jsonArray ? "[" + text : text + "\n");
        });
    }

    @Override
    public void row(List<Object> values) {
        awaitWritable();
        String text = new String(Json.bytes(values), StandardCharsets.UTF_8);
        exchange.eventLoop().execute(() -> stream.write(jsonArray ? "," + text : text + "\n"));
    }

    /** The query ended (its LIMIT, or cancelled): ends a started answer. */
    void end() {
        exchange.eventLoop().execute(() -> {
            if (jsonArray) {
                stream.write("]");
            }
            stream.end();
        });
    }

    private void awaitWritable() {
        synchronized (writable) {
            while (!exchange.channel().isWritable() && exchange.channel().isActive() && !cancelled.get()) {
                try {
                    writable.wait(WRITABLE_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    return;
                }
            }
        }
    }

    private void wakeWriter() {
        synchronized (writable) {
            writable.notifyAll();
        }
    }
}
