package io.freshet.http.metrics;

import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET /metrics}: the process's metrics in the Prometheus text format, rendered by the {@link MetricsSource}
 * freshet-server hands in. Registered only when there is one ({@code metrics.enabled=true}); otherwise the path is
 * unknown and answers 404 like any other.
 *
 * <p>The text is rendered on this API's own thread, {@code http-metrics}, not on the connection's event loop: the
 * source does no I/O, but with thousands of partitions a scrape is tens of milliseconds of CPU that the loop's other
 * connections (streams, WebSockets) should not wait behind. One scrape renders at a time; the answer hops back to
 * the connection's loop.
 */
public final class MetricsApi implements AutoCloseable {

    public static final String PATH = "/metrics";

    private final MetricsSource source;
    private final ExecutorService renderer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "http-metrics");
        thread.setDaemon(true);
        return thread;
    });

    public MetricsApi(MetricsSource source) {
        this.source = source;
    }

    public void register(Router router) {
        router.get(PATH, this::scrape);
    }

    private void scrape(HttpExchange exchange) {
        try {
            renderer.execute(() -> {
                try {
                    byte[] text = source.scrape().getBytes(StandardCharsets.UTF_8);
                    exchange.respond(HttpResponseStatus.OK, MetricsSource.PROMETHEUS_TEXT,
                        Unpooled.wrappedBuffer(text));
                } catch (RuntimeException e) {
                    exchange.respondError(e);
                }
            });
        } catch (RejectedExecutionException closing) {
            exchange.respondError(closing);
        }
    }

    @Override
    public void close() {
        renderer.shutdownNow();
    }
}
