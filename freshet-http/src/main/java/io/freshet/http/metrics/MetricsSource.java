package io.freshet.http.metrics;

/**
 * What {@code GET /metrics} serves: the process's metrics, rendered by the registry that owns them (the HTTP module
 * renders nothing itself). Called on the listener's {@code http-metrics} thread, one scrape at a time; it should
 * still not block on I/O (a slow scrape delays the next).
 */
public interface MetricsSource {

    /** The Prometheus text exposition format, version 0.0.4. */
    String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** Every metric in the Prometheus text format ({@link #PROMETHEUS_TEXT}). */
    String scrape();
}
