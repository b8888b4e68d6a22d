package io.freshet.broker.metadata;

import io.freshet.coordinator.runtime.TopicView;

import org.apache.kafka.common.Uuid;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/** The group coordinator's view of the topics: the controller's current immutable image, read without locks. */
public final class TopicsForCoordinator implements TopicView {

    private final TopicController topics;

    public TopicsForCoordinator(TopicController topics) {
        this.topics = topics;
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        return topics.image().topic(topic).map(t -> OptionalInt.of(t.partitionCount())).orElse(OptionalInt.empty());
    }

    @Override
    public SortedMap<String, Integer> allTopics() {
        SortedMap<String, Integer> all = new TreeMap<>();
        topics.image().topics().forEach(t -> all.put(t.name(), t.partitionCount()));
        return all;
    }

    @Override
    public Optional<Uuid> topicId(String topic) {
        return topics.image().topic(topic).map(TopicMetadata::topicId);
    }

    @Override
    public Optional<String> topicName(Uuid topicId) {
        return topics.image().topic(topicId).map(TopicMetadata::name);
    }
}
