package io.freshet.coordinator;

import io.freshet.coordinator.group.GroupAdmin;
import io.freshet.coordinator.group.classic.ClassicDescriptions;
import io.freshet.coordinator.group.classic.ClassicGroups;
import io.freshet.coordinator.group.consumer.ConsumerGroups;
import io.freshet.coordinator.group.offsets.OffsetService;
import io.freshet.coordinator.group.offsets.TxnOffsetService;
import io.freshet.coordinator.log.CoordinatorLog;
import io.freshet.coordinator.log.GroupValue;
import io.freshet.coordinator.log.OffsetValue;
import io.freshet.coordinator.log.PendingOffsetsValue;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
import io.freshet.storage.log.LogStore;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The group coordinator's front door. Every call hops onto the coordinator thread, where the protocol parts
 * ({@link ClassicGroups}, {@link ConsumerGroups}, {@link OffsetService}, {@link GroupAdmin}) run; the returned
 * future completes when the answer is ready, which for a JoinGroup can be a rebalance later and for a write is
 * after its fsync. Thread-safe.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final ScheduledThreadPoolExecutor thread;
    private final CoordinatorRuntime runtime;
    private final ClassicGroups classic;
    private final ConsumerGroups consumer;
    private final OffsetService offsets;
    private final TxnOffsetService txnOffsets;
    private final GroupAdmin admin;

    private GroupCoordinator(ScheduledThreadPoolExecutor thread, CoordinatorRuntime runtime) {
        this.thread = thread;
        this.runtime = runtime;
        this.classic = new ClassicGroups(runtime);
        this.consumer = new ConsumerGroups(runtime);
        this.offsets = new OffsetService(runtime);
        this.txnOffsets = new TxnOffsetService(runtime);
        this.admin = new GroupAdmin(runtime);
    }

    /** Opens the internal log, replays it into memory and starts the coordinator thread. */
    public static GroupCoordinator start(LogStore store, TopicView topics, GroupConfig config, Time time) {
        long startNanos = System.nanoTime();
        ScheduledThreadPoolExecutor thread = CoordinatorThreads.start("freshet-group-coordinator");
        CoordinatorLog coordinatorLog = CoordinatorLog.open(store, time, config.checkpointBytes());
        CoordinatorRuntime runtime = new CoordinatorRuntime(time, thread, coordinatorLog, topics, config);
        GroupCoordinator coordinator = new GroupCoordinator(thread, runtime);
        try {
            coordinator.call(() -> {
                int records = coordinatorLog.replay(coordinator::apply);
                for (String groupId : runtime.offsets().groups()) {
                    if (runtime.groups().get(groupId).isEmpty()) {
                        runtime.groups().put(ClassicDescriptions.offsetsOnly(groupId));
                    }
                }
                // Topics deleted while the offsets' tombstones were not yet written (a crash in between).
                coordinator.offsets.forgetTopics(t -> runtime.topics().partitionCount(t).isEmpty());
                coordinator.classic.activateLoaded();
                coordinator.consumer.activateLoaded();
                log.debug("Group coordinator loaded {} records ({} groups) in {} ms", records,
                    runtime.groups().all().size(), (System.nanoTime() - startNanos) / 1_000_000);
                return CompletableFuture.completedFuture(null);
            }).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            thread.shutdownNow();
            throw new IllegalStateException("Cannot load the group coordinator's log: " + e.getMessage(), e);
        }
        thread.scheduleWithFixedDelay(() -> {
            try {
                coordinator.offsets.expireOffsets();
            } catch (RuntimeException e) {
                log.warn("Expiring committed offsets failed; trying again at the next check", e); // keep the timer
            }
        }, config.offsetsRetentionCheckMs(), config.offsetsRetentionCheckMs(), TimeUnit.MILLISECONDS);
        return coordinator;
    }

    private void apply(StateRecord record) {
        if (record.key() instanceof StateKey.Offset key) {
            runtime.offsets().apply(key, (OffsetValue) record.value());
            return;
        }
        if (record.key() instanceof StateKey.PendingOffsets key) {
            runtime.pendingOffsets().apply(key, (PendingOffsetsValue) record.value());
            return;
        }
        String groupId = ((StateKey.Group) record.key()).group();
        if (record.isTombstone()) {
            runtime.groups().remove(groupId);
        } else if (record.value() instanceof GroupValue.Classic value) {
            runtime.groups().put(classic.load(groupId, value));
        } else {
            runtime.groups().put(consumer.load(groupId, (GroupValue.Consumer) record.value()));
        }
    }

    public CompletableFuture<JoinGroupResponseData> joinGroup(ClientInfo client, JoinGroupRequestData request) {
        return call(() -> classic.join(client, request));
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(ClientInfo client, SyncGroupRequestData request) {
        return call(() -> classic.sync(client, request));
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(ClientInfo client, HeartbeatRequestData request) {
        return call(() -> classic.heartbeat(client, request));
    }

    public CompletableFuture<LeaveGroupResponseData> leaveGroup(ClientInfo client, LeaveGroupRequestData request) {
        return call(() -> classic.leave(client, request));
    }

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
        ClientInfo client, ConsumerGroupHeartbeatRequestData request) {
        return call(() -> consumer.heartbeat(client, request));
    }

    public CompletableFuture<ConsumerGroupDescribeResponseData> consumerGroupDescribe(
        ClientInfo client, ConsumerGroupDescribeRequestData request) {
        return call(() -> consumer.describe(client, request));
    }

    public CompletableFuture<OffsetCommitResponseData> offsetCommit(ClientInfo client, OffsetCommitRequestData request) {
        return call(() -> offsets.commit(client, request));
    }

    public CompletableFuture<OffsetFetchResponseData> offsetFetch(ClientInfo client, OffsetFetchRequestData request) {
        return call(() -> offsets.fetch(client, request));
    }

    public CompletableFuture<OffsetDeleteResponseData> offsetDelete(ClientInfo client, OffsetDeleteRequestData request) {
        return call(() -> offsets.delete(client, request));
    }

    /** TxnOffsetCommit: the offsets wait, pending, until the producer's transaction ends. */
    public CompletableFuture<TxnOffsetCommitResponseData> txnOffsetCommit(ClientInfo client,
                                                                          TxnOffsetCommitRequestData request) {
        return call(() -> txnOffsets.commit(client, request));
    }

    /**
     * Called by the transaction coordinator when a transaction that includes this group's offsets ends: commits
     * the producer's pending offsets, or drops them. Completes once that is durable.
     */
    public CompletableFuture<Void> completeTransaction(String groupId, long producerId, boolean commit) {
        return call(() -> txnOffsets.complete(groupId, producerId, commit));
    }

    /** Drops every group's committed offsets of a deleted topic (durably). */
    public CompletableFuture<Void> forgetTopic(String topic) {
        return call(() -> offsets.forgetTopics(t -> t.equals(topic)));
    }

    public CompletableFuture<ListGroupsResponseData> listGroups(ClientInfo client, ListGroupsRequestData request) {
        return call(() -> admin.list(client, request));
    }

    public CompletableFuture<DescribeGroupsResponseData> describeGroups(ClientInfo client,
                                                                        DescribeGroupsRequestData request) {
        return call(() -> admin.describe(client, request));
    }

    public CompletableFuture<DeleteGroupsResponseData> deleteGroups(ClientInfo client, DeleteGroupsRequestData request) {
        return call(() -> admin.delete(client, request));
    }

    /** Runs {@code work} on the coordinator thread; its future may complete later (a rebalance, an fsync). */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        return CoordinatorThreads.call(thread, work);
    }

    /**
     * Stops the thread. Pending rebalances are not answered: their connections close with the listener, which
     * stops first. Group state is already in the log.
     */
    @Override
    public void close() {
        CoordinatorThreads.stop(thread, log);
    }
}
