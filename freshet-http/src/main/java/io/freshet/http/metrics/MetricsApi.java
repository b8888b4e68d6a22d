package io.freshet.http.metrics;

import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the process's metrics in the Prometheus text format, rendered by the {@link MetricsSource}
 * freshet-server hands in. Registered only when there is one ({@code metrics.enabled=true}); otherwise the path is
 * unknown and answers 404 like any other. The scrape runs on the connection's event loop: the source renders values
 * it already holds (counters, gauges over in-memory figures, lag cached by its own thread) and does no I/O.
 */
public final class MetricsApi {

    public static final String PATH = "/metrics";

    private final MetricsSource source;

    public MetricsApi(MetricsSource source) {
        this.source = source;
    }

    public void register(Router router) {
        router.get(PATH, this::scrape);
    }

    private void scrape(HttpExchange exchange) {
        byte[] text = source.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.respond(HttpResponseStatus.OK, MetricsSource.PROMETHEUS_TEXT, Unpooled.wrappedBuffer(text));
    }
}
