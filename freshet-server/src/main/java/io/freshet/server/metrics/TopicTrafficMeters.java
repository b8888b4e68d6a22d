package io.freshet.server.metrics;

import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.broker.metrics.TopicTraffic;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Kafka's {@code BrokerTopicMetrics} per topic: MessagesInPerSec, BytesInPerSec, BytesOutPerSec, as the counters
 * {@code kafka_server_brokertopicmetrics_messagesin_total{topic}}, {@code ..._bytesin_total},
 * {@code ..._bytesout_total} (the console charts their rates). The broker counts in {@link TopicTraffic}'s adders;
 * these function counters only read them, so the produce and fetch paths never touch the registry. Brought up to
 * date before each scrape: a topic with its first traffic gets its counters, a deleted one loses them.
 *
 * <p>Threading: {@link #sync()} is called under the scrape's lock.
 */
final class TopicTrafficMeters {

    static final String MESSAGES_IN = "kafka.server.brokertopicmetrics.messagesin";
    static final String BYTES_IN = "kafka.server.brokertopicmetrics.bytesin";
    static final String BYTES_OUT = "kafka.server.brokertopicmetrics.bytesout";

    private final MeterRegistry registry;
    private final BrokerMetrics broker;
    private final Map<TopicTraffic, List<Meter>> bound = new IdentityHashMap<>();

    TopicTrafficMeters(MeterRegistry registry, BrokerMetrics broker) {
        this.registry = registry;
        this.broker = broker;
    }

    void sync() {
        Map<TopicTraffic, Boolean> live = new IdentityHashMap<>();
        for (TopicTraffic traffic : broker.topics()) {
            live.put(traffic, Boolean.TRUE);
            bound.computeIfAbsent(traffic, this::bind);
        }
        bound.entrySet().removeIf(entry -> {
            if (live.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            return true;
        });
    }

    private List<Meter> bind(TopicTraffic traffic) {
        return List.of(
            counter(MESSAGES_IN, "Records appended to the topic by clients", traffic, TopicTraffic::messagesIn),
            counter(BYTES_IN, "Bytes of record batches appended to the topic by clients", traffic,
                TopicTraffic::bytesIn),
            counter(BYTES_OUT, "Bytes of record batches of the topic sent in fetch responses", traffic,
                TopicTraffic::bytesOut));
    }

    private Meter counter(String name, String description, TopicTraffic traffic,
                          ToDoubleFunction<TopicTraffic> value) {
        return FunctionCounter.builder(name, traffic, value)
            .description(description)
            .tag("topic", traffic.topic())
            .register(registry);
    }
}
