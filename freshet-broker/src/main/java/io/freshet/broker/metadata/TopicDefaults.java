package io.freshet.broker.metadata;

import io.freshet.storage.log.LogConfig;

import java.util.Map;

/**
 * What a topic gets when whoever creates it does not say: the broker's log defaults ({@code log.*}), the partition
 * count ({@code num.partitions}), whether an unknown topic is created on first use
 * ({@code auto.create.topics.enable}), and which auto-created topics are memory topics
 * ({@code freshet.memory.topic.prefix}: a topic auto-created under a name starting with it gets
 * {@code freshet.storage=memory}; empty: none).
 */
public record TopicDefaults(LogConfig logConfig, int partitions, boolean autoCreate, String memoryTopicPrefix) {

    /** The overrides a topic auto-created under {@code name} gets. */
    Map<String, String> autoCreateOverrides(String name) {
        boolean memory = !memoryTopicPrefix.isEmpty() && name.startsWith(memoryTopicPrefix);
        return memory ? Map.of(LogConfig.STORAGE_CONFIG, LogConfig.STORAGE_MEMORY) : Map.of();
    }
}
