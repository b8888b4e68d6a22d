package io.freshet.broker.metadata;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of every topic, by name and by id. The {@link TopicController} publishes a new image
 * after each change, so request handlers on any thread read a consistent view without a lock.
 */
public final class TopicsImage {

    static final TopicsImage EMPTY = new TopicsImage(new TreeMap<>(), new HashMap<>(), new HashMap<>());

    private final Map<String, TopicMetadata> byName;
    private final Map<Uuid, TopicMetadata> byId;
    /** Topic names by their collision key ('.' read as '_', Kafka's rule): a new name is checked in O(1). */
    private final Map<String, String> byCollisionKey;

    private TopicsImage(TreeMap<String, TopicMetadata> byName, Map<Uuid, TopicMetadata> byId,
                        Map<String, String> byCollisionKey) {
        this.byName = Collections.unmodifiableMap(byName);
        this.byId = Collections.unmodifiableMap(byId);
        this.byCollisionKey = byCollisionKey;
    }

    static TopicsImage of(Collection<TopicMetadata> topics) {
        return EMPTY.withAll(topics);
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

    /** The existing topic whose name differs from {@code name} only by '.' against '_', if any. */
    Optional<String> collidingTopic(String name) {
        String existing = byCollisionKey.get(Topic.unifyCollisionChars(name));
        return existing == null || existing.equals(name) ? Optional.empty() : Optional.of(existing);
    }

    TopicsImage with(TopicMetadata topic) {
        return withAll(List.of(topic));
    }

    /**
     * The image with each topic added or replaced. One copy of the maps for the whole batch: a CreateTopics of
     * 100 topics must not copy a catalog of 10,000 topics 100 times.
     */
    TopicsImage withAll(Collection<TopicMetadata> topics) {
        TreeMap<String, TopicMetadata> names = new TreeMap<>(byName);
        Map<Uuid, TopicMetadata> ids = new HashMap<>(byId);
        Map<String, String> keys = new HashMap<>(byCollisionKey);
        for (TopicMetadata topic : topics) {
            TopicMetadata previous = names.put(topic.name(), topic);
            if (previous != null) {
                ids.remove(previous.topicId());
            }
            ids.put(topic.topicId(), topic);
            keys.put(Topic.unifyCollisionChars(topic.name()), topic.name());
        }
        return new TopicsImage(names, ids, keys);
    }

    TopicsImage without(String name) {
        TreeMap<String, TopicMetadata> names = new TreeMap<>(byName);
        Map<Uuid, TopicMetadata> ids = new HashMap<>(byId);
        Map<String, String> keys = new HashMap<>(byCollisionKey);
        TopicMetadata removed = names.remove(name);
        if (removed != null) {
            ids.remove(removed.topicId());
            keys.remove(Topic.unifyCollisionChars(name), name); // only if the key is this topic's
        }
        return new TopicsImage(names, ids, keys);
    }
}
