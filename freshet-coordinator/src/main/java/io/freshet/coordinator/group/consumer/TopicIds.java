package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.group.PartitionMaps;

import io.freshet.coordinator.runtime.TopicView;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consumer protocol names partitions by topic id; groups keep topic names (what offsets and the log use).
 * Translates at the edge. A topic deleted meanwhile has no id: it is left out, as if revoked.
 */
final class TopicIds {

    private final TopicView topics;

    TopicIds(TopicView topics) {
        this.topics = topics;
    }

    /** The partitions a heartbeat reports owning; null when the heartbeat did not say. Unknown ids are dropped. */
    Set<TopicPartition> owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> reported) {
        if (reported == null) {
            return null;
        }
        Set<TopicPartition> owned = new HashSet<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions t : reported) {
            topics.topicName(t.topicId()).ifPresent(name ->
                t.partitions().forEach(p -> owned.add(new TopicPartition(name, p))));
        }
        return owned;
    }

    ConsumerGroupHeartbeatResponseData.Assignment heartbeatAssignment(Set<TopicPartition> partitions) {
        ConsumerGroupHeartbeatResponseData.Assignment assignment = new ConsumerGroupHeartbeatResponseData.Assignment();
        PartitionMaps.toMap(partitions).forEach((topic, list) -> id(topic).ifPresent(id ->
            assignment.topicPartitions().add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                .setTopicId(id).setPartitions(list))));
        return assignment;
    }

    ConsumerGroupDescribeResponseData.Assignment describeAssignment(Set<TopicPartition> partitions) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> list = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : PartitionMaps.toMap(partitions).entrySet()) {
            list.add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                .setTopicId(id(e.getKey()).orElse(Uuid.ZERO_UUID)).setTopicName(e.getKey())
                .setPartitions(e.getValue()));
        }
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(list);
    }

    private Optional<Uuid> id(String topic) {
        return topics.topicId(topic);
    }
}
