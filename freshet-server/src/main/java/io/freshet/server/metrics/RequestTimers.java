package io.freshet.server.metrics;

import io.freshet.broker.metrics.RequestObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.protocol.ApiKeys;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Kafka's {@code kafka.network:type=RequestMetrics,name=TotalTimeMs,request=API}, as a Prometheus histogram
 * {@code kafka_network_requestmetrics_totaltime_seconds{request="Produce"}} (its {@code _count} is the request rate
 * Kafka's RequestsPerSec gives). One timer per API key, created on the API's first request and then found by the
 * key's id in an array: no tags built, no map lookup per request.
 */
final class RequestTimers implements RequestObserver {

    static final String NAME = "kafka.network.requestmetrics.totaltime";

    /** Fixed buckets (not Micrometer's ~70 percentile buckets): enough for p99 in Grafana, a short scrape. */
    static final Duration[] BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Timer> byApiId;

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
        int maxId = 0;
        for (ApiKeys key : ApiKeys.values()) {
            maxId = Math.max(maxId, key.id);
        }
        this.byApiId = new AtomicReferenceArray<>(maxId + 1);
    }

    @Override
    public void answered(ApiKeys api, long nanos) {
        Timer timer = byApiId.get(api.id);
        if (timer == null) {
            timer = register(api);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(ApiKeys api) {
        // The registry returns the same timer to racing event loops; the array only caches it.
        Timer timer = Timer.builder(NAME)
            .description("Time from a request's decoding to its response being written, per API")
            .tag("request", api.name)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
        byApiId.set(api.id, timer);
        return timer;
    }
}
