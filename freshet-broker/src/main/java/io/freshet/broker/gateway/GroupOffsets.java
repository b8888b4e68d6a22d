package io.freshet.broker.gateway;

import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.runtime.ClientInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer group's committed offsets, through the {@link GroupCoordinator} exactly as a Kafka consumer without
 * group membership (an {@code assign()} consumer, an admin tool) reads and commits them: OffsetFetch without a
 * member, OffsetCommit with generation -1 and an empty member id. The coordinator refuses such a commit while the
 * group has Kafka members (UNKNOWN_MEMBER_ID), so a gateway never moves offsets under a running consumer.
 *
 * <p>Errors in the answers become the kafka-clients exceptions of their codes. Stateless; any thread.
 */
final class GroupOffsets {

    /** The highest OffsetFetch version answering one group in the layout used here (v8 asks for several). */
    private static final short OFFSET_FETCH_VERSION = 7;
    private static final short OFFSET_COMMIT_VERSION = 9;
    private static final String CLIENT_ID = "freshet-gateway";
    private static final String CLIENT_HOST = "/127.0.0.1";

    private final GroupCoordinator coordinator;

    GroupOffsets(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    CompletableFuture<Map<TopicPartition, Long>> committed(String group, Collection<TopicPartition> partitions) {
        OffsetFetchRequestData request = new OffsetFetchRequestData().setGroupId(group).setRequireStable(false);
        byTopic(partitions).forEach((topic, indexes) ->
            request.topics().add(new OffsetFetchRequestTopic().setName(topic).setPartitionIndexes(indexes)));
        return coordinator.offsetFetch(client(OFFSET_FETCH_VERSION), request).thenApply(GroupOffsets::committed);
    }

    private static Map<TopicPartition, Long> committed(OffsetFetchResponseData response) {
        throwIfError(response.errorCode(), "OffsetFetch");
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (OffsetFetchResponseData.OffsetFetchResponseTopic topic : response.topics()) {
            for (OffsetFetchResponseData.OffsetFetchResponsePartition p : topic.partitions()) {
                throwIfError(p.errorCode(), "OffsetFetch of " + topic.name() + "-" + p.partitionIndex());
                if (p.committedOffset() >= 0) {
                    offsets.put(new TopicPartition(topic.name(), p.partitionIndex()), p.committedOffset());
                }
            }
        }
        return offsets;
    }

    CompletableFuture<Void> commit(String group, Map<TopicPartition, Long> offsets) {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
            .setGroupId(group)
            .setGenerationIdOrMemberEpoch(-1)
            .setMemberId("");
        Map<String, OffsetCommitRequestTopic> topics = new TreeMap<>();
        offsets.forEach((tp, offset) -> topics
            .computeIfAbsent(tp.topic(), name -> new OffsetCommitRequestTopic().setName(name))
            .partitions().add(new OffsetCommitRequestPartition()
                .setPartitionIndex(tp.partition())
                .setCommittedOffset(offset)
                .setCommittedLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .setCommittedMetadata("")));
        request.topics().addAll(topics.values());
        return coordinator.offsetCommit(client(OFFSET_COMMIT_VERSION), request).thenAccept(GroupOffsets::checkCommit);
    }

    private static void checkCommit(OffsetCommitResponseData response) {
        for (OffsetCommitResponseData.OffsetCommitResponseTopic topic : response.topics()) {
            for (OffsetCommitResponseData.OffsetCommitResponsePartition p : topic.partitions()) {
                throwIfError(p.errorCode(), "OffsetCommit of " + topic.name() + "-" + p.partitionIndex());
            }
        }
    }

    private static void throwIfError(short code, String what) {
        Errors error = Errors.forCode(code);
        if (error != Errors.NONE) {
            throw error.exception(what + " failed: " + error.message());
        }
    }

    private static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return byTopic;
    }

    private static ClientInfo client(short apiVersion) {
        return new ClientInfo(CLIENT_ID, CLIENT_HOST, apiVersion);
    }
}
