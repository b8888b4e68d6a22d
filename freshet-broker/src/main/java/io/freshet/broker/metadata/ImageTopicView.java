package io.freshet.broker.metadata;

import io.freshet.coordinator.TopicView;
import org.apache.kafka.common.Uuid;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The group coordinator's view of the topics: the current {@link TopicsImage}. Takes a supplier because the
 * coordinator starts before the topic controller (it replays its log first) and sees no topics until then.
 */
public final class ImageTopicView implements TopicView {

    private final Supplier<TopicsImage> image;

    public ImageTopicView(Supplier<TopicController> controller) {
        this.image = () -> {
            TopicController c = controller.get();
            return c == null ? TopicsImage.EMPTY : c.image();
        };
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        return image.get().topic(topic).map(t -> OptionalInt.of(t.partitionCount())).orElse(OptionalInt.empty());
    }

    @Override
    public SortedMap<String, Integer> allTopics() {
        SortedMap<String, Integer> all = new TreeMap<>();
        image.get().topics().forEach(t -> all.put(t.name(), t.partitionCount()));
        return all;
    }

    @Override
    public Optional<Uuid> topicId(String topic) {
        return image.get().topic(topic).map(TopicMetadata::topicId);
    }

    @Override
    public Optional<String> topicName(Uuid topicId) {
        return image.get().topic(topicId).map(TopicMetadata::name);
    }
}
