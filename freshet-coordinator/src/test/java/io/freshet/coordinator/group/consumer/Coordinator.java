package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.runtime.FakeTopics;
import io.freshet.storage.file.StorageIo;
import io.freshet.coordinator.group.GroupConfig;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.group.GroupCoordinatorRunner;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.ScriptedStateLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real GroupCoordinator on a manual clock, on a log store in a temporary directory (or on a {@link ScriptedStateLog}
 * that fails writes on demand), with helpers speaking ConsumerGroupHeartbeat.
 */
final class Coordinator implements AutoCloseable {

    static final ClientInfo CLIENT_V1 = new ClientInfo("test-client", "/127.0.0.1", (short) 1);

    final FakeTopics topics;
    private final GroupCoordinatorRunner runner;

    Coordinator(Path dir, FakeTopics topics, GroupConfig config) throws Exception {
        this.topics = topics;
        this.runner = GroupCoordinatorRunner.onStorage(dir, StorageIo.SYSTEM, topics, config);
    }

    Coordinator(ScriptedStateLog log, FakeTopics topics, GroupConfig config) {
        this.topics = topics;
        this.runner = GroupCoordinatorRunner.onScriptedLog(log, topics, config);
    }

    /** See {@link GroupCoordinatorRunner#restart}: state comes back from the internal log only. */
    void restart() throws Exception {
        runner.restart();
    }

    /** See {@link GroupCoordinatorRunner#advance}. */
    void advance(long ms) throws Exception {
        runner.advance(ms);
    }

    GroupCoordinator coordinator() {
        return runner.coordinator();
    }

    static GroupConfig config(int sessionTimeoutMs) {
        GroupConfig d = GroupConfig.defaults();
        return new GroupConfig(d.minSessionTimeoutMs(), d.maxSessionTimeoutMs(), d.initialRebalanceDelayMs(),
            d.maxGroupSize(), d.offsetMetadataMaxBytes(), sessionTimeoutMs, d.consumerHeartbeatIntervalMs(),
            d.consumerAssignors(), d.checkpointBytes(), d.offsetsRetentionMs(), d.offsetsRetentionCheckMs());
    }

    ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request, ClientInfo client)
        throws Exception {
        return sendAsync(request, client).get(10, TimeUnit.SECONDS);
    }

    CompletableFuture<ConsumerGroupHeartbeatResponseData> sendAsync(ConsumerGroupHeartbeatRequestData request,
                                                                    ClientInfo client) {
        return coordinator().consumerGroupHeartbeat(client, request);
    }

    ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) throws Exception {
        return send(request, CLIENT_V1);
    }

    static ConsumerGroupHeartbeatRequestData join(String group, String memberId, String... topicNames) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(group).setMemberId(memberId).setMemberEpoch(0)
            .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(topicNames))
            .setTopicPartitions(new ArrayList<>());
    }

    ConsumerGroupHeartbeatRequestData heartbeat(String group, String memberId, int epoch,
                                                Set<TopicPartition> owned) {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData().setGroupId(group)
            .setMemberId(memberId).setMemberEpoch(epoch);
        if (owned != null) {
            Map<String, List<Integer>> byTopic = new TreeMap<>();
            owned.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> list = new ArrayList<>();
            byTopic.forEach((t, ps) -> list.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                .setTopicId(topics.id(t)).setPartitions(ps)));
            request.setTopicPartitions(list);
        }
        return request;
    }

    /** The partitions of a heartbeat response's assignment, by topic name. */
    Set<TopicPartition> partitions(ConsumerGroupHeartbeatResponseData response) {
        Set<TopicPartition> set = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        response.assignment().topicPartitions().forEach(t -> {
            String name = topics.topicName(t.topicId()).orElseThrow();
            t.partitions().forEach(p -> set.add(new TopicPartition(name, p)));
        });
        return set;
    }

    ConsumerGroupDescribeResponseData.DescribedGroup describe(String group) throws Exception {
        return coordinator().consumerGroupDescribe(CLIENT_V1,
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of(group)))
            .get(10, TimeUnit.SECONDS).groups().get(0);
    }

    @Override
    public void close() throws Exception {
        runner.close();
    }
}
