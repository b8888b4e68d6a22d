package io.freshet.coordinator.group.offsets;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OffsetFetch answers in both layouts (one group up to v7, a list of groups from v8). {@code wanted} null means
 * every committed offset of the group; a wanted partition without a commit gets offset -1 and no error.
 */
final class OffsetFetchResponses {

    private static final long NO_OFFSET = -1L;

    /**
     * @param unstable partitions with a transactional offset pending (require_stable only): answered with
     *                 UNSTABLE_OFFSET_COMMIT and no offset, so the client retries until the transaction ends
     */
    OffsetFetchResponseGroup group(String groupId, Errors error, Map<TopicPartition, OffsetValue> committed,
                                   Map<String, List<Integer>> wanted, Set<TopicPartition> unstable) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().setGroupId(groupId).setErrorCode(error.code());
        selected(committed, wanted).forEach((topic, partitions) -> {
            OffsetFetchResponseTopics t = new OffsetFetchResponseTopics().setName(topic);
            partitions.forEach((partition, committedValue) -> {
                boolean isUnstable = unstable.contains(new TopicPartition(topic, partition));
                OffsetValue value = isUnstable ? null : committedValue;
                t.partitions().add(new OffsetFetchResponsePartitions()
                    .setPartitionIndex(partition)
                    .setCommittedOffset(value == null ? NO_OFFSET : value.offset())
                    .setCommittedLeaderEpoch(value == null ? RecordBatch.NO_PARTITION_LEADER_EPOCH
                        : value.leaderEpoch())
                    .setMetadata(value == null ? "" : value.metadata())
                    .setErrorCode(isUnstable ? Errors.UNSTABLE_OFFSET_COMMIT.code() : Errors.NONE.code()));
            });
            group.topics().add(t);
        });
        return group;
    }

    OffsetFetchResponseData single(Errors error, Map<TopicPartition, OffsetValue> committed,
                                   Map<String, List<Integer>> wanted, Set<TopicPartition> unstable) {
        OffsetFetchResponseData response = new OffsetFetchResponseData().setErrorCode(error.code());
        selected(committed, wanted).forEach((topic, partitions) -> {
            OffsetFetchResponseTopic t = new OffsetFetchResponseTopic().setName(topic);
            partitions.forEach((partition, committedValue) -> {
                boolean isUnstable = unstable.contains(new TopicPartition(topic, partition));
                OffsetValue value = isUnstable ? null : committedValue;
                t.partitions().add(new OffsetFetchResponsePartition()
                    .setPartitionIndex(partition)
                    .setCommittedOffset(value == null ? NO_OFFSET : value.offset())
                    .setCommittedLeaderEpoch(value == null ? RecordBatch.NO_PARTITION_LEADER_EPOCH
                        : value.leaderEpoch())
                    .setMetadata(value == null ? "" : value.metadata())
                    .setErrorCode(isUnstable ? Errors.UNSTABLE_OFFSET_COMMIT.code() : error.code()));
            });
            response.topics().add(t);
        });
        return response;
    }

    /** topic -> partition -> committed value (null when none), in a stable order. */
    private static Map<String, Map<Integer, OffsetValue>> selected(Map<TopicPartition, OffsetValue> committed,
                                                                 Map<String, List<Integer>> wanted) {
        Map<String, Map<Integer, OffsetValue>> out = new TreeMap<>();
        if (wanted == null) {
            committed.forEach((tp, value) -> out.computeIfAbsent(tp.topic(), t -> new TreeMap<>())
                .put(tp.partition(), value));
            return out;
        }
        wanted.forEach((topic, partitions) -> {
            Map<Integer, OffsetValue> byPartition = out.computeIfAbsent(topic, t -> new TreeMap<>());
            for (int p : new ArrayList<>(partitions)) {
                byPartition.put(p, committed.get(new TopicPartition(topic, p)));
            }
        });
        return out;
    }
}
