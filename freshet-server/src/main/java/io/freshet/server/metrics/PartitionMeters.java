package io.freshet.server.metrics;

import io.freshet.storage.log.PartitionLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Kafka's {@code kafka.log:type=Log,name=Size|LogEndOffset|LogStartOffset,topic=T,partition=P} per partition, as
 * {@code kafka_log_log_size}, {@code kafka_log_log_logendoffset}, {@code kafka_log_log_logstartoffset} gauges over
 * the partition logs' in-memory figures (no file is touched). Brought up to date before each scrape: a new
 * partition gets its gauges, a deleted one loses them. Under the scrape's lock.
 */
final class PartitionMeters {

    static final String SIZE = "kafka.log.log.size";
    static final String END = "kafka.log.log.logendoffset";
    static final String START = "kafka.log.log.logstartoffset";

    private final MeterRegistry registry;
    private final Supplier<Collection<PartitionLog>> logs;
    private final Map<PartitionLog, List<Meter>> bound = new IdentityHashMap<>();

    PartitionMeters(MeterRegistry registry, Supplier<Collection<PartitionLog>> logs) {
        this.registry = registry;
        this.logs = logs;
    }

    void sync() {
        Map<PartitionLog, Boolean> live = new IdentityHashMap<>();
        for (PartitionLog log : logs.get()) {
            live.put(log, Boolean.TRUE);
            bound.computeIfAbsent(log, this::bind);
        }
        bound.entrySet().removeIf(entry -> {
            if (live.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            return true;
        });
    }

    private List<Meter> bind(PartitionLog log) {
        Tags tags = Tags.of("topic", log.topicPartition().topic(),
            "partition", Integer.toString(log.topicPartition().partition()));
        return List.of(
            gauge(SIZE, "Bytes of the partition's segments", log, tags, PartitionLog::sizeInBytes),
            gauge(END, "The partition's log end offset", log, tags, PartitionLog::logEndOffset),
            gauge(START, "The partition's first offset still in the log", log, tags, PartitionLog::logStartOffset));
    }

    private Meter gauge(String name, String description, PartitionLog log, Tags tags,
                        ToDoubleFunction<PartitionLog> value) {
        return Gauge.builder(name, log, value).description(description).tags(tags).register(registry);
    }
}
