package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.group.share.ShareMembership;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.share.ShareStates;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData.AlterShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData.DeleteShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsRequestData.DescribeShareGroupOffsetsRequestGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseGroup;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponsePartition;
import org.apache.kafka.common.message.DescribeShareGroupOffsetsResponseData.DescribeShareGroupOffsetsResponseTopic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeShareGroupOffsets, AlterShareGroupOffsets and DeleteShareGroupOffsets, answered as Kafka 4.4 does: the
 * group is checked on the group coordinator (alter and delete need an empty share group, else NON_EMPTY_GROUP; an
 * alter of an unknown id creates the empty share group, a delete gets GROUP_ID_NOT_FOUND; describing an unknown group
 * is no error), the topics against the catalog (unknown: UNKNOWN_TOPIC_OR_PARTITION), then the share coordinator's
 * start offsets. Which topics a
 * group has state for is noted in the group's record, so that describing "every topic" lists them after the members
 * have gone, as Kafka does.
 *
 * <p>Lag (DescribeShareGroupOffsets v1, KIP-1226) is the high watermark minus the start offset minus the records after
 * it already acknowledged or archived, -1 where the group has no state.
 */
final class ShareGroupOffsets {

    private final GroupCoordinator groups;
    private final ShareStates states;
    private final TopicController topics;

    ShareGroupOffsets(GroupCoordinator groups, ShareStates states, TopicController topics) {
        this.groups = groups;
        this.states = states;
        this.topics = topics;
    }

    // ---------------------------------------------------------------------------------------------- describe

    CompletableFuture<DescribeShareGroupOffsetsResponseData> describe(ClientInfo client,
                                                                      DescribeShareGroupOffsetsRequestData request) {
        List<CompletableFuture<DescribeShareGroupOffsetsResponseGroup>> results = new ArrayList<>();
        for (DescribeShareGroupOffsetsRequestGroup group : request.groups()) {
            results.add(describe(group));
        }
        return Futures.inOrder(results).thenApply(done -> {
            DescribeShareGroupOffsetsResponseData response = new DescribeShareGroupOffsetsResponseData();
            response.groups().addAll(done);
            return response;
        });
    }

    private CompletableFuture<DescribeShareGroupOffsetsResponseGroup> describe(
        DescribeShareGroupOffsetsRequestGroup request) {
        String groupId = request.groupId();
        DescribeShareGroupOffsetsResponseGroup result =
            new DescribeShareGroupOffsetsResponseGroup().setGroupId(groupId);
        Optional<ShareMembership.Snapshot> group = groups.shareMembership().group(groupId);
        // Null topics: every topic the group has state for (none for an unknown group, without an error, as Kafka).
        Map<String, List<Integer>> asked = new LinkedHashMap<>();
        if (request.topics() == null) {
            for (String topic : new TreeSet<>(group.map(ShareMembership.Snapshot::stateTopics).orElse(Set.of()))) {
                topics.image().topic(topic).ifPresent(t -> asked.put(topic, allPartitions(t)));
            }
        } else {
            request.topics().forEach(t -> asked.put(t.topicName(), t.partitions()));
        }
        List<TopicPartition> known = new ArrayList<>();
        Map<String, DescribeShareGroupOffsetsResponseTopic> byTopic = new LinkedHashMap<>();
        asked.forEach((topic, partitions) -> {
            Optional<TopicMetadata> metadata = topics.image().topic(topic);
            DescribeShareGroupOffsetsResponseTopic t = new DescribeShareGroupOffsetsResponseTopic().setTopicName(topic)
                .setTopicId(metadata.map(TopicMetadata::topicId).orElse(Uuid.ZERO_UUID));
            byTopic.put(topic, t);
            for (int p : partitions) {
                if (metadata.isEmpty() || p < 0 || p >= metadata.get().partitionCount()) {
                    t.partitions().add(new DescribeShareGroupOffsetsResponsePartition().setPartitionIndex(p)
                        .setStartOffset(-1).setLeaderEpoch(-1)
                        .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message()));
                } else {
                    known.add(new TopicPartition(topic, p));
                }
            }
        });
        return states.offsets(groupId, known).handle((offsets, error) -> {
            for (TopicPartition tp : known) {
                DescribeShareGroupOffsetsResponsePartition p = new DescribeShareGroupOffsetsResponsePartition()
                    .setPartitionIndex(tp.partition());
                if (error != null) {
                    Errors code = ErrorMapper.toError(error, "share group " + groupId);
                    p.setStartOffset(-1).setLeaderEpoch(-1).setErrorCode(code.code())
                        .setErrorMessage(ErrorMapper.message(error, code));
                } else {
                    ShareStates.ShareOffsets state = offsets.get(tp);
                    long start = state == null ? -1 : state.startOffset();
                    p.setStartOffset(start).setLeaderEpoch(start < 0 ? -1 : 0).setLag(lag(tp, state));
                }
                byTopic.get(tp.topic()).partitions().add(p);
            }
            byTopic.values().forEach(t -> t.partitions().sort((a, b) ->
                Integer.compare(a.partitionIndex(), b.partitionIndex())));
            result.topics().addAll(byTopic.values());
            return result;
        });
    }

    private long lag(TopicPartition tp, ShareStates.ShareOffsets state) {
        if (state == null) {
            return -1;
        }
        return topics.log(tp).map(PartitionLog::highWatermark).map(state::lag).orElse(-1L);
    }

    private static List<Integer> allPartitions(TopicMetadata topic) {
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < topic.partitionCount(); p++) {
            all.add(p);
        }
        return all;
    }

    // ------------------------------------------------------------------------------------------------- alter

    CompletableFuture<AlterShareGroupOffsetsResponseData> alter(ClientInfo client,
                                                                AlterShareGroupOffsetsRequestData request) {
        return groups.shareGroupOffsetsChangeAllowed(request.groupId(), true)
            .thenCompose(groupError -> alter(request, groupError));
    }

    private CompletableFuture<AlterShareGroupOffsetsResponseData> alter(AlterShareGroupOffsetsRequestData request,
                                                                        Errors groupError) {
        String groupId = request.groupId();
        AlterShareGroupOffsetsResponseData response = new AlterShareGroupOffsetsResponseData();
        Map<TopicPartition, Long> wanted = new HashMap<>();
        Map<TopicPartition, AlterShareGroupOffsetsResponsePartition> answers = new HashMap<>();
        for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic topic : request.topics()) {
            Optional<TopicMetadata> metadata = topics.image().topic(topic.topicName());
            AlterShareGroupOffsetsResponseTopic t = new AlterShareGroupOffsetsResponseTopic()
                .setTopicName(topic.topicName())
                .setTopicId(metadata.map(TopicMetadata::topicId).orElse(Uuid.ZERO_UUID));
            response.responses().add(t);
            for (AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition p : topic.partitions()) {
                AlterShareGroupOffsetsResponsePartition answer = new AlterShareGroupOffsetsResponsePartition()
                    .setPartitionIndex(p.partitionIndex());
                t.partitions().add(answer);
                if (groupError != Errors.NONE) {
                    answer.setErrorCode(groupError.code()).setErrorMessage(groupError.message());
                } else if (metadata.isEmpty() || p.partitionIndex() < 0
                    || p.partitionIndex() >= metadata.get().partitionCount()) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
                } else {
                    TopicPartition tp = new TopicPartition(topic.topicName(), p.partitionIndex());
                    wanted.put(tp, p.startOffset());
                    answers.put(tp, answer);
                }
            }
        }
        if (groupError != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(groupError.code())
                .setErrorMessage(message(groupId, groupError)));
        }
        if (wanted.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return states.alterStartOffsets(groupId, wanted).handle((errors, error) -> {
            Set<String> altered = new TreeSet<>();
            answers.forEach((tp, answer) -> {
                Errors code = error != null ? ErrorMapper.toError(error, "share group " + groupId)
                    : errors.getOrDefault(tp, Errors.NONE);
                answer.setErrorCode(code.code()).setErrorMessage(code == Errors.NONE ? null
                    : error != null ? ErrorMapper.message(error, code) : code.message());
                if (code == Errors.NONE) {
                    altered.add(tp.topic());
                }
            });
            return altered;
        }).thenCompose(altered -> groups.updateShareGroupStateTopics(groupId, altered, Set.of())
            .thenApply(ignored -> response));
    }

    // ------------------------------------------------------------------------------------------------ delete

    CompletableFuture<DeleteShareGroupOffsetsResponseData> delete(ClientInfo client,
                                                                  DeleteShareGroupOffsetsRequestData request) {
        return groups.shareGroupOffsetsChangeAllowed(request.groupId(), false)
            .thenCompose(groupError -> delete(request, groupError));
    }

    private CompletableFuture<DeleteShareGroupOffsetsResponseData> delete(DeleteShareGroupOffsetsRequestData request,
                                                                          Errors groupError) {
        String groupId = request.groupId();
        DeleteShareGroupOffsetsResponseData response = new DeleteShareGroupOffsetsResponseData();
        if (groupError != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(groupError.code())
                .setErrorMessage(message(groupId, groupError)));
        }
        List<String> known = new ArrayList<>();
        Map<String, DeleteShareGroupOffsetsResponseTopic> answers = new LinkedHashMap<>();
        for (DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic topic : request.topics()) {
            Optional<TopicMetadata> metadata = topics.image().topic(topic.topicName());
            DeleteShareGroupOffsetsResponseTopic answer = new DeleteShareGroupOffsetsResponseTopic()
                .setTopicName(topic.topicName())
                .setTopicId(metadata.map(TopicMetadata::topicId).orElse(Uuid.ZERO_UUID));
            response.responses().add(answer);
            if (metadata.isEmpty()) {
                answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage(Errors.UNKNOWN_TOPIC_OR_PARTITION.message());
            } else {
                known.add(topic.topicName());
                answers.put(topic.topicName(), answer);
            }
        }
        if (known.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return states.deleteState(groupId, known).handle((errors, error) -> {
            Set<String> deleted = new TreeSet<>();
            answers.forEach((topic, answer) -> {
                Errors code = error != null ? ErrorMapper.toError(error, "share group " + groupId)
                    : errors.getOrDefault(topic, Errors.NONE);
                answer.setErrorCode(code.code()).setErrorMessage(code == Errors.NONE ? null
                    : error != null ? ErrorMapper.message(error, code) : code.message());
                if (code == Errors.NONE) {
                    deleted.add(topic);
                }
            });
            return deleted;
        }).thenCompose(deleted -> groups.updateShareGroupStateTopics(groupId, Set.of(), deleted)
            .thenApply(ignored -> response));
    }

    private static String message(String groupId, Errors error) {
        return error == Errors.GROUP_ID_NOT_FOUND ? "Group " + groupId + " not found." : error.message();
    }
}
