package io.freshet.coordinator.group;

import io.freshet.coordinator.group.classic.ClassicGroups;
import io.freshet.coordinator.group.consumer.ConsumerGroups;
import io.freshet.coordinator.group.offsets.OffsetExpiry;
import io.freshet.coordinator.group.offsets.OffsetKey;
import io.freshet.coordinator.group.offsets.OffsetService;
import io.freshet.coordinator.group.offsets.PendingOffsetsKey;
import io.freshet.coordinator.group.offsets.TxnOffsetService;
import io.freshet.coordinator.group.share.ShareGroupListener;
import io.freshet.coordinator.group.share.ShareGroupTimeouts;
import io.freshet.coordinator.group.share.ShareGroups;
import io.freshet.coordinator.group.share.ShareMembership;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorLog;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateLog;
import io.freshet.coordinator.runtime.TopicView;
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
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The group coordinator's front door. Every call hops onto the coordinator thread ({@code freshet-group-coordinator},
 * its {@link CoordinatorRuntime}'s), where the protocol parts ({@link ClassicGroups}, {@link ConsumerGroups},
 * {@link ShareGroups}, {@link OffsetService}, {@link GroupAdmin}) run; the returned future completes when the answer
 * is ready, which for a
 * JoinGroup can be a rebalance later and for a write is once it is durable. Thread-safe.
 *
 * <p>State lives in three stores registered with the runtime: committed offsets, pending transactional offsets and
 * groups ({@link GroupRegistry}), all replayed from {@code __consumer_offsets-0} at start.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final CoordinatorRuntime runtime;
    private final GroupContext context;
    private final ClassicGroups classic;
    private final ConsumerGroups consumer;
    private final ShareGroups share;
    private final OffsetService offsets;
    private final OffsetExpiry expiry;
    private final TxnOffsetService txnOffsets;
    private final GroupAdmin admin;
    private final GroupLoader loader;

    private GroupCoordinator(CoordinatorRuntime runtime, TopicView topics, GroupConfig config) {
        this.runtime = runtime;
        this.context = new GroupContext(runtime, topics, config);
        this.classic = new ClassicGroups(context);
        this.consumer = new ConsumerGroups(context);
        this.share = new ShareGroups(context);
        this.loader = new ProtocolLoader(classic, consumer, share);
        context.groups().useLoader(loader);
        this.offsets = new OffsetService(context, loader);
        this.expiry = new OffsetExpiry(context);
        this.txnOffsets = new TxnOffsetService(context, loader);
        this.admin = new GroupAdmin(context, share::deleted);
        runtime.register(OffsetKey.class, context.offsets());
        runtime.register(PendingOffsetsKey.class, context.pendingOffsets());
        runtime.register(GroupKey.class, context.groups());
    }

    /** Opens {@code __consumer_offsets-0}, replays it into memory and starts the coordinator thread. */
    public static GroupCoordinator start(LogStore store, TopicView topics, GroupConfig config, Time time) {
        return start(CoordinatorLog.open(store, GroupLogFormat.PARTITION, GroupLogFormat.codec(), time), topics,
            config, time);
    }

    /** The same on a given internal log (tests use one that fails on demand). */
    public static GroupCoordinator start(StateLog stateLog, TopicView topics, GroupConfig config, Time time) {
        CoordinatorRuntime runtime = new CoordinatorRuntime("freshet-group-coordinator", time, stateLog,
            config.checkpointBytes());
        GroupCoordinator coordinator = new GroupCoordinator(runtime, topics, config);
        try {
            runtime.call("load", coordinator::load).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            runtime.close();
            throw new IllegalStateException("Cannot load the group coordinator's log: " + e.getMessage(), e);
        }
        return coordinator;
    }

    private CompletableFuture<Void> load() {
        long startNanos = System.nanoTime();
        int records = runtime.load();
        for (String groupId : context.offsets().groups()) {
            if (context.groups().get(groupId).isEmpty()) {
                context.groups().put(loader.offsetsOnly(groupId));
            }
        }
        // Topics deleted while the offsets' tombstones were not yet written (a crash in between).
        expiry.forgetTopics(t -> context.topics().partitionCount(t).isEmpty());
        context.groups().all().forEach(loader::activate); // members get a full session from now
        expiry.start();
        log.debug("Group coordinator loaded {} records ({} groups) in {} ms", records, context.groups().all().size(),
            (System.nanoTime() - startNanos) / 1_000_000);
        return CompletableFuture.completedFuture(null);
    }

    public CompletableFuture<JoinGroupResponseData> joinGroup(ClientInfo client, JoinGroupRequestData request) {
        return runtime.call("JoinGroup " + request.groupId(), () -> classic.join(client, request));
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(ClientInfo client, SyncGroupRequestData request) {
        return runtime.call("SyncGroup " + request.groupId(), () -> classic.sync(client, request));
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(ClientInfo client, HeartbeatRequestData request) {
        return runtime.call("Heartbeat " + request.groupId(), () -> classic.heartbeat(client, request));
    }

    public CompletableFuture<LeaveGroupResponseData> leaveGroup(ClientInfo client, LeaveGroupRequestData request) {
        return runtime.call("LeaveGroup " + request.groupId(), () -> classic.leave(client, request));
    }

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
        ClientInfo client, ConsumerGroupHeartbeatRequestData request) {
        return runtime.call("ConsumerGroupHeartbeat " + request.groupId(),
            () -> consumer.heartbeat(client, request));
    }

    public CompletableFuture<ConsumerGroupDescribeResponseData> consumerGroupDescribe(
        ClientInfo client, ConsumerGroupDescribeRequestData request) {
        return runtime.call("ConsumerGroupDescribe " + request.groupIds(),
            () -> consumer.describe(client, request));
    }

    /** ShareGroupHeartbeat (KIP-932): join with epoch 0, heartbeat, leave with -1. */
    public CompletableFuture<ShareGroupHeartbeatResponseData> shareGroupHeartbeat(
        ClientInfo client, ShareGroupHeartbeatRequestData request) {
        return runtime.call("ShareGroupHeartbeat " + request.groupId(), () -> share.heartbeat(client, request));
    }

    public CompletableFuture<ShareGroupDescribeResponseData> shareGroupDescribe(
        ClientInfo client, ShareGroupDescribeRequestData request) {
        return runtime.call("ShareGroupDescribe " + request.groupIds(), () -> share.describe(client, request));
    }

    /**
     * Who is in which share group, readable from any thread without a hop onto the coordinator (ShareFetch and the
     * share-group offset APIs use it).
     */
    /** Rebalances since start-up (classic completed joins, consumer group epoch bumps), for the metrics. */
    public RebalanceCounts rebalances() {
        return context.rebalances();
    }

    public ShareMembership shareMembership() {
        return share.membership();
    }

    /**
     * Where share-group members removed (left, fenced) and deleted share groups are reported; the broker passes them
     * on to the share coordinator. Set once, before clients connect.
     */
    public void onShareGroupEvents(ShareGroupListener listener) {
        share.setListener(listener);
    }

    /** Where each share group's session timeout and heartbeat interval come from (its group configs). */
    public void useShareGroupTimeouts(ShareGroupTimeouts timeouts) {
        share.setTimeouts(timeouts);
    }

    /**
     * Whether a share group's offsets may be altered or deleted: NONE (an empty share group), NON_EMPTY_GROUP, or
     * GROUP_ID_NOT_FOUND. {@code createIfAbsent}: an unknown id becomes an empty share group (AlterShareGroupOffsets).
     */
    public CompletableFuture<org.apache.kafka.common.protocol.Errors> shareGroupOffsetsChangeAllowed(
        String groupId, boolean createIfAbsent) {
        return runtime.call("share group offsets of " + groupId,
            () -> share.offsetsChangeAllowed(groupId, createIfAbsent));
    }

    /**
     * Notes topics a share group now has (AlterShareGroupOffsets) or no longer has (DeleteShareGroupOffsets)
     * share-partition state for; completes with false when no share group has this id.
     */
    public CompletableFuture<Boolean> updateShareGroupStateTopics(String groupId, Collection<String> added,
                                                                  Collection<String> removed) {
        return runtime.call("share group topics of " + groupId,
            () -> share.updateStateTopics(groupId, added, removed));
    }

    public CompletableFuture<OffsetCommitResponseData> offsetCommit(ClientInfo client, OffsetCommitRequestData request) {
        return runtime.call("OffsetCommit " + request.groupId(), () -> offsets.commit(client, request));
    }

    public CompletableFuture<OffsetFetchResponseData> offsetFetch(ClientInfo client, OffsetFetchRequestData request) {
        return runtime.call("OffsetFetch " + request.groupId(), () -> offsets.fetch(client, request));
    }

    public CompletableFuture<OffsetDeleteResponseData> offsetDelete(ClientInfo client, OffsetDeleteRequestData request) {
        return runtime.call("OffsetDelete " + request.groupId(), () -> offsets.delete(client, request));
    }

    /** TxnOffsetCommit: the offsets wait, pending, until the producer's transaction ends. */
    public CompletableFuture<TxnOffsetCommitResponseData> txnOffsetCommit(ClientInfo client,
                                                                          TxnOffsetCommitRequestData request) {
        return runtime.call("TxnOffsetCommit " + request.groupId(), () -> txnOffsets.commit(client, request));
    }

    /**
     * Called by the transaction coordinator when a transaction that includes this group's offsets ends: commits
     * the producer's pending offsets, or drops them. Completes once that is durable.
     */
    public CompletableFuture<Void> completeTransaction(String groupId, long producerId, boolean commit) {
        return runtime.call("transaction end of producer " + producerId + " in group " + groupId,
            () -> txnOffsets.complete(groupId, producerId, commit));
    }

    /** Drops every group's committed offsets of a deleted topic (durably). */
    public CompletableFuture<Void> forgetTopic(String topic) {
        return runtime.call("forgetting topic " + topic, () -> expiry.forgetTopics(t -> t.equals(topic)));
    }

    public CompletableFuture<ListGroupsResponseData> listGroups(ClientInfo client, ListGroupsRequestData request) {
        return runtime.call("ListGroups", () -> admin.list(client, request));
    }

    public CompletableFuture<DescribeGroupsResponseData> describeGroups(ClientInfo client,
                                                                        DescribeGroupsRequestData request) {
        return runtime.call("DescribeGroups " + request.groups(), () -> admin.describe(client, request));
    }

    public CompletableFuture<DeleteGroupsResponseData> deleteGroups(ClientInfo client, DeleteGroupsRequestData request) {
        return runtime.call("DeleteGroups " + request.groupsNames(), () -> admin.delete(client, request));
    }

    /**
     * Runs every timer that is due on the coordinator's clock (session, rebalance and revocation deadlines, the
     * offsets retention check). The coordinator wakes itself for them; this is for a clock that jumps (tests).
     */
    public CompletableFuture<Void> runDueTimers() {
        return runtime.runDueTimers();
    }

    /**
     * Stops the thread. Pending rebalances are not answered: their connections close with the listener, which
     * stops first. Writes not yet durable are answered COORDINATOR_NOT_AVAILABLE; the log keeps what reached it.
     */
    @Override
    public void close() {
        runtime.close();
    }
}
