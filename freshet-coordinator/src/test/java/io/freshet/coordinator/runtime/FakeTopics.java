package io.freshet.coordinator.runtime;

import org.apache.kafka.common.Uuid;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Topics a test creates and grows at will, each with a fixed random id (kept across a coordinator restart). */
public final class FakeTopics implements TopicView {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, Uuid> ids = new ConcurrentHashMap<>();

    public FakeTopics create(String name, int partitions) {
        counts.put(name, partitions);
        ids.computeIfAbsent(name, n -> Uuid.randomUuid());
        return this;
    }

    public Uuid id(String name) {
        return ids.get(name);
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        Integer count = counts.get(topic);
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    @Override
    public SortedMap<String, Integer> allTopics() {
        return new TreeMap<>(counts);
    }

    @Override
    public Optional<Uuid> topicId(String topic) {
        return Optional.ofNullable(counts.containsKey(topic) ? ids.get(topic) : null);
    }

    @Override
    public Optional<String> topicName(Uuid topicId) {
        return ids.entrySet().stream().filter(e -> e.getValue().equals(topicId) && counts.containsKey(e.getKey()))
            .map(Map.Entry::getKey).findFirst();
    }
}
