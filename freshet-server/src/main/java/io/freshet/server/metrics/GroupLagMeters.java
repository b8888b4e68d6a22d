package io.freshet.server.metrics;

import io.freshet.broker.metrics.GroupLag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consumer-group lag as kafka_exporter names it: {@code kafka_consumergroup_lag{consumergroup,topic,partition}} and
 * {@code kafka_consumergroup_current_offset{...}} (the committed offset). Computing it takes round-trips to the group
 * coordinator, so a scrape never does it: each scrape asks the {@code freshet-metrics-lag} thread for a fresh reading
 * (at most one at a time, at most one a second) and shows the last one that finished. Lag is therefore as of the
 * previous scrape; a scraper that polls every 15 s sees it at most about 15 s old.
 *
 * <p>Threading: {@link #sync()} runs under the scrape's lock; the reading is handed over through an atomic.
 */
final class GroupLagMeters implements AutoCloseable {

    static final String LAG = "kafka.consumergroup.lag";
    static final String CURRENT_OFFSET = "kafka.consumergroup.current.offset";
    private static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long READ_TIMEOUT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(GroupLagMeters.class);

    private record Key(String group, TopicPartition partition) {
    }

    private record Values(AtomicLong lag, AtomicLong committed, List<Meter> meters) {
    }

    private final MeterRegistry registry;
    private final GroupLag reader;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "freshet-metrics-lag");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicReference<List<GroupLag.PartitionLag>> latest = new AtomicReference<>();
    private final Map<Key, Values> bound = new HashMap<>();
    private long lastStartNanos = System.nanoTime() - MIN_INTERVAL_NANOS;

    GroupLagMeters(MeterRegistry registry, GroupLag reader) {
        this.registry = registry;
        this.reader = reader;
    }

    /** Applies the last finished reading to the gauges and asks for the next one. */
    void sync() {
        List<GroupLag.PartitionLag> reading = latest.getAndSet(null);
        if (reading != null) {
            apply(reading);
        }
        requestReading();
    }

    private void requestReading() {
        long now = System.nanoTime();
        if (now - lastStartNanos < MIN_INTERVAL_NANOS || !reading.compareAndSet(false, true)) {
            return;
        }
        lastStartNanos = now;
        try {
            thread.execute(() -> {
                try {
                    latest.set(reader.read().get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    log.debug("Could not read consumer-group lag: {}", e.toString());
                } finally {
                    reading.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            reading.set(false);
        }
    }

    private void apply(List<GroupLag.PartitionLag> reading) {
        Map<Key, GroupLag.PartitionLag> now = new HashMap<>();
        reading.forEach(lag -> now.put(new Key(lag.group(), lag.partition()), lag));
        bound.entrySet().removeIf(entry -> {
            if (now.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
        now.forEach((key, lag) -> {
            Values values = bound.computeIfAbsent(key, this::bind);
            values.lag().set(lag.lag());
            values.committed().set(lag.committed());
        });
    }

    private Values bind(Key key) {
        AtomicLong lag = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        String[] tags = {"consumergroup", key.group(), "topic", key.partition().topic(),
            "partition", Integer.toString(key.partition().partition())};
        // Strongly held in `bound`, so the gauges' weak references stay valid until removed.
        Meter lagGauge = Gauge.builder(LAG, lag, AtomicLong::get).description(
            "The partition's high watermark minus the group's committed offset").tags(tags).register(registry);
        Meter offsetGauge = Gauge.builder(CURRENT_OFFSET, committed, AtomicLong::get).description(
            "The group's committed offset on the partition").tags(tags).register(registry);
        return new Values(lag, committed, List.of(lagGauge, offsetGauge));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
