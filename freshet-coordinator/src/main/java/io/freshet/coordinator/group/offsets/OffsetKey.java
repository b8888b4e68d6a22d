package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.runtime.StateKey;
import org.apache.kafka.common.TopicPartition;

/** A committed offset of one group for one partition; the value is an {@link OffsetValue}. JSON type "offset". */
public record OffsetKey(String group, String topic, int partition) implements StateKey {

    public static OffsetKey of(String group, TopicPartition tp) {
        return new OffsetKey(group, tp.topic(), tp.partition());
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
