package io.freshet.server.metrics;

import io.freshet.broker.FreshetBroker;
import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.http.HttpServer;
import io.freshet.http.metrics.MetricsSource;
import io.freshet.mqtt.MqttServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The process's metrics registry (Micrometer's Prometheus registry) and everything bound to it; what
 * {@code GET /metrics} serves. It exists only with {@code metrics.enabled=true}: then the broker is started with
 * {@link #brokerMetrics()}, the listeners are bound once they run, and {@link #scrape()} renders the text.
 *
 * <p>The modules below record without Micrometer (adders, small observers, in-memory figures); this package turns
 * them into meters named as the Prometheus JMX exporter names Kafka's MBeans, so Kafka dashboards need little
 * change. Meters whose set changes (topics, partitions, groups) are brought up to date before each scrape.
 *
 * <p>Threading: a scrape runs on the HTTP listener's {@code http-metrics} thread; scrapes are serialized. Nothing here
 * blocks on I/O.
 */
public final class FreshetMetrics implements MetricsSource, AutoCloseable {

    static final String CONNECTIONS = "kafka.server.socketservermetrics.connection.count";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BrokerMetrics brokerMetrics = BrokerMetrics.enabled(new RequestTimers(registry),
        new FlushMeters(registry));
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Runnable> beforeScrape = new ArrayList<>();

    public FreshetMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** What the broker records into; start the broker with it. */
    public BrokerMetrics brokerMetrics() {
        return brokerMetrics;
    }

    /**
     * The broker's meters: per-topic traffic, per-partition log figures, consumer-group lag, rebalances and
     * transactions, the Kafka listener's connections.
     */
    public synchronized void bindBroker(FreshetBroker broker) {
        TopicTrafficMeters traffic = new TopicTrafficMeters(registry, brokerMetrics);
        beforeScrape.add(traffic::sync);
        PartitionMeters partitions = new PartitionMeters(registry, broker::partitionLogs);
        beforeScrape.add(partitions::sync);
        GroupLagMeters lag = new GroupLagMeters(registry, broker.groupLag());
        closeables.add(lag);
        beforeScrape.add(lag::sync);
        CoordinatorMeters.bind(registry, broker.rebalances(), broker.transactionOutcomes());
        connections("PLAINTEXT", broker::kafkaConnectionCount);
    }

    public synchronized void bindMqtt(MqttServer mqtt) {
        connections("MQTT", mqtt::openConnections);
    }

    public synchronized void bindHttp(HttpServer http) {
        connections("HTTP", http::openConnections);
    }

    private void connections(String listener, Supplier<Number> count) {
        // The Supplier form holds the lambda strongly (the object form's weak reference would let it be collected).
        Gauge.builder(CONNECTIONS, count)
            .description("Connections open now on the listener")
            .tag("listener", listener)
            .register(registry);
    }

    @Override
    public synchronized String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // JvmGcMetrics only unregisters its notification listeners
            }
        }
        registry.close();
    }
}
