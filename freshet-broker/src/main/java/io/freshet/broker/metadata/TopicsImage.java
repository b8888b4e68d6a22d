package io.freshet.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of every topic, by name and by id. The {@link TopicController} publishes a new image
 * after each change, so request handlers on any thread read a consistent view without a lock.
 */
public final class TopicsImage {

    static final TopicsImage EMPTY = new TopicsImage(new TreeMap<>(), new HashMap<>());

    private final Map<String, TopicMetadata> byName;
    private final Map<Uuid, TopicMetadata> byId;

    private TopicsImage(TreeMap<String, TopicMetadata> byName, Map<Uuid, TopicMetadata> byId) {
        this.byName = Collections.unmodifiableMap(byName);
        this.byId = Collections.unmodifiableMap(byId);
    }

    static TopicsImage of(Collection<TopicMetadata> topics) {
        TreeMap<String, TopicMetadata> byName = new TreeMap<>();
        Map<Uuid, TopicMetadata> byId = new HashMap<>();
        for (TopicMetadata topic : topics) {
            byName.put(topic.name(), topic);
            byId.put(topic.topicId(), topic);
        }
        return new TopicsImage(byName, byId);
    }

    public Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Optional<TopicMetadata> topic(Uuid topicId) {
        return Optional.ofNullable(topicId == null ? null : byId.get(topicId));
    }

    /** Every topic's name, sorted; an unmodifiable view. */
    public java.util.Set<String> topicNames() {
        return byName.keySet();
    }

    /** Every topic, sorted by name. */
    public Collection<TopicMetadata> topics() {
        return byName.values();
    }

    TopicsImage with(TopicMetadata topic) {
        TreeMap<String, TopicMetadata> names = new TreeMap<>(byName);
        Map<Uuid, TopicMetadata> ids = new HashMap<>(byId);
        TopicMetadata previous = names.put(topic.name(), topic);
        if (previous != null) {
            ids.remove(previous.topicId());
        }
        ids.put(topic.topicId(), topic);
        return new TopicsImage(names, ids);
    }

    TopicsImage without(String name) {
        TreeMap<String, TopicMetadata> names = new TreeMap<>(byName);
        Map<Uuid, TopicMetadata> ids = new HashMap<>(byId);
        TopicMetadata removed = names.remove(name);
        if (removed != null) {
            ids.remove(removed.topicId());
        }
        return new TopicsImage(names, ids);
    }
}
