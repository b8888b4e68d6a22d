package io.freshet.broker.metadata;

import io.freshet.storage.log.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.util.Map;

/**
 * One topic as the catalog knows it. Immutable: a change (more partitions, new overrides) makes a new instance.
 *
 * @param config the effective log config: the broker's defaults with this topic's overrides applied
 */
public record TopicMetadata(String name, Uuid topicId, int partitionCount, LogConfig config) {

    /** The topic-level overrides only: what the catalog file stores. */
    public Map<String, String> overrides() {
        return config.overrides();
    }

    public boolean hasPartition(int partition) {
        return partition >= 0 && partition < partitionCount;
    }

    public TopicPartition partition(int index) {
        return new TopicPartition(name, index);
    }
}
