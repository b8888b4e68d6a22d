package io.freshet.gateway;

import java.util.Map;

/**
 * A topic as an admin API describes it.
 *
 * @param configs the topic's own config overrides (what CreateTopics or AlterConfigs set), not the broker defaults
 */
public record TopicInfo(String name, int partitionCount, Map<String, String> configs) {

    public TopicInfo {
        configs = Map.copyOf(configs);
    }

    /** Internal topics ({@code __consumer_offsets}, {@code __mqtt_sessions}, ...) start with two underscores. */
    public boolean internal() {
        return name.startsWith("__");
    }
}
