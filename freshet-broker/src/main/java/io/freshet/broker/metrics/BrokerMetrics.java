package io.freshet.broker.metrics;

import io.freshet.storage.log.FlushObserver;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's recording seam: what its hot paths count, kept in plain JDK types so neither the broker nor the
 * modules below it depend on a metrics library. freshet-server reads these numbers into its Prometheus registry
 * (and times requests through the {@link RequestObserver} it hands in). {@link #disabled()} records nothing:
 * {@code metrics.enabled=false}, and every test or benchmark that starts a broker without metrics.
 *
 * <p>Thread-safe: topics are added on first use by any event loop and removed when deleted (topic controller).
 */
public final class BrokerMetrics {

    private static final BrokerMetrics DISABLED = new BrokerMetrics(false, RequestObserver.NONE, FlushObserver.NONE);

    private final boolean enabled;
    private final RequestObserver requests;
    private final FlushObserver flushes;
    private final ConcurrentHashMap<String, TopicTraffic> topics = new ConcurrentHashMap<>();

    private BrokerMetrics(boolean enabled, RequestObserver requests, FlushObserver flushes) {
        this.enabled = enabled;
        this.requests = requests;
        this.flushes = flushes;
    }

    public static BrokerMetrics disabled() {
        return DISABLED;
    }

    /** Metrics on; every request answered is told to {@code requests}, every fsync of a log to {@code flushes}. */
    public static BrokerMetrics enabled(RequestObserver requests, FlushObserver flushes) {
        return new BrokerMetrics(true, requests, flushes);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public RequestObserver requests() {
        return requests;
    }

    /** Handed to the log store: each fsync's time and group-commit batch. */
    public FlushObserver flushes() {
        return flushes;
    }

    /**
     * The traffic counters of {@code topic}: one lookup of the name, no allocation once the topic has been seen
     * (the name's hash is cached by the string). {@link TopicTraffic#NONE} when metrics are off.
     */
    public TopicTraffic topic(String topic) {
        if (!enabled) {
            return TopicTraffic.NONE;
        }
        TopicTraffic traffic = topics.get(topic);
        return traffic != null ? traffic : topics.computeIfAbsent(topic, TopicTraffic::new);
    }

    /** Every topic that has had traffic, for a scrape (a live view). */
    public Collection<TopicTraffic> topics() {
        return Collections.unmodifiableCollection(topics.values());
    }

    /** A deleted topic's counters go with it (a topic created again under the name starts from zero, as Kafka's). */
    public void forgetTopic(String topic) {
        topics.remove(topic);
    }
}
