package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.group.GroupType;
import io.freshet.coordinator.group.GroupValue;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorResult;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;

/**
 * KIP-848 consumer groups (ConsumerGroupHeartbeat, ConsumerGroupDescribe). Coordinator thread only.
 *
 * <p>A heartbeat: validate it, find or create the member (fencing stale epochs and instance ids), apply its
 * subscription, bump the group epoch when membership, subscriptions or the subscribed topics changed, compute a new
 * target assignment when the group epoch is ahead of it, move the member a step towards its target
 * ({@link Reconciler}), then answer once the group's new state is durable in the internal log. If that write
 * fails the group is rebuilt from its previous record ({@code GroupRegistry}) and the heartbeat fails with
 * COORDINATOR_NOT_AVAILABLE: the client retries with the epoch it was last answered with, which is the group's again.
 */
public final class ConsumerGroups {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);

    private final GroupContext context;
    private final Assignors assignors;
    private final MemberTimers timers;
    private final TopicIds topicIds;
    private final SubscriptionResolver subscriptions;
    private final ConsumerGroupDescriptions descriptions;

    public ConsumerGroups(GroupContext context) {
        this.context = context;
        this.assignors = new Assignors(context.config().consumerAssignors());
        this.timers = new MemberTimers(context.timer(), context.config().consumerSessionTimeoutMs(), this::fence);
        this.topicIds = new TopicIds(context.topics());
        this.subscriptions = new SubscriptionResolver(context.topics());
        this.descriptions = new ConsumerGroupDescriptions(context, assignors, topicIds);
    }

    /** A group read back from the internal log (at load, or when a failed write is reverted). */
    public Group load(String groupId, GroupValue.Consumer value) {
        return ConsumerGroup.fromValue(groupId, value);
    }

    /** Every member of a loaded group gets a full session (and revocation deadline) from now. */
    public void activate(Group loaded) {
        ConsumerGroup group = (ConsumerGroup) loaded;
        group.members().forEach(m -> {
            timers.startSession(group, m);
            timers.updateRevocation(group, m);
        });
    }

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(ClientInfo client,
                                                                           ConsumerGroupHeartbeatRequestData request) {
        try {
            HeartbeatValidator.validate(request, client.apiVersion(), assignors);
            int epoch = request.memberEpoch();
            if (epoch == HeartbeatValidator.LEAVE || epoch == ConsumerMember.LEFT_TEMPORARILY) {
                return leave(request);
            }
            return joinOrHeartbeat(client, request);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData().setErrorCode(
                CoordinatorErrors.of(e, "ConsumerGroupHeartbeat " + request.groupId()).code())
                .setErrorMessage(e.getMessage()));
        }
    }

    private CompletableFuture<ConsumerGroupHeartbeatResponseData> joinOrHeartbeat(
        ClientInfo client, ConsumerGroupHeartbeatRequestData request) {
        boolean join = request.memberEpoch() == HeartbeatValidator.JOIN;
        Optional<ConsumerGroup> existing = existingGroup(request.groupId(), join);
        ConsumerGroup group = existing.orElseGet(() -> new ConsumerGroup(request.groupId()));
        GroupValue before = existing.map(ConsumerGroup::snapshot).orElse(null);
        Set<TopicPartition> owned = topicIds.owned(request.topicPartitions());

        boolean membershipChanged;
        ConsumerMember member;
        if (join) {
            member = joiningMember(group, request);
            membershipChanged = group.member(member.memberId()) == null && member.memberEpoch == 0;
            group.add(member);
        } else {
            member = knownMember(group, request.memberId(), request.instanceId());
            checkEpoch(member, request.memberEpoch(), owned);
            membershipChanged = false;
        }
        int epochBefore = member.memberEpoch;
        Set<TopicPartition> assignedBefore = new HashSet<>(member.assigned);
        membershipChanged |= applyRequest(member, request, client);
        context.groups().put(group); // new groups (or a consumer group replacing an empty classic one)

        refreshTargetAssignment(group, membershipChanged);
        Reconciler.reconcile(member, group.assignmentEpoch, owned, group.holders());
        timers.startSession(group, member);
        timers.updateRevocation(group, member);

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
            .setMemberId(member.memberId())
            .setMemberEpoch(member.memberEpoch)
            .setHeartbeatIntervalMs(context.config().consumerHeartbeatIntervalMs());
        if (join || epochBefore != member.memberEpoch || !assignedBefore.equals(member.assigned)) {
            response.setAssignment(topicIds.heartbeatAssignment(member.assigned));
        }
        return context.write(result(group, before, response));
    }

    /** The consumer group of this id; empty when it does not exist and this is a join (it will be created). */
    private Optional<ConsumerGroup> existingGroup(String groupId, boolean join) {
        Optional<Group> any = context.groups().get(groupId);
        if (any.isEmpty()) {
            if (!join) {
                throw new UnknownMemberIdException("Group " + groupId + " has no members: rejoin");
            }
            return Optional.empty();
        }
        if (any.get() instanceof ConsumerGroup group) {
            return Optional.of(group);
        }
        if (join && any.get().isEmpty() && any.get().type() == GroupType.CLASSIC) {
            return Optional.empty(); // an empty classic group gives way to a consumer group of the same id
        }
        throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
    }

    /** The member a join (epoch 0) makes: new, rejoining (starting over), or a static member's new incarnation. */
    private ConsumerMember joiningMember(ConsumerGroup group, ConsumerGroupHeartbeatRequestData request) {
        String memberId = request.memberId() == null || request.memberId().isEmpty()
            ? Uuid.randomUuid().toString() : request.memberId();
        String instanceId = request.instanceId();
        if (instanceId != null) {
            ConsumerMember previous = group.staticMember(instanceId);
            if (previous != null && !previous.memberId().equals(memberId)) {
                if (!previous.leftTemporarily()) {
                    throw new UnreleasedInstanceIdException("Static member " + instanceId
                        + " is still in use by member " + previous.memberId());
                }
                // The instance came back (a restart): the new member carries on with the old one's partitions.
                ConsumerMember replacement = new ConsumerMember(memberId, instanceId);
                replacement.takeOver(previous);
                removeMember(group, previous, false);
                return replacement;
            }
        }
        ConsumerMember member = group.member(memberId);
        if (member != null) {
            member.resetForRejoin();
            return member;
        }
        if (group.size() >= context.config().maxGroupSize()) {
            throw new GroupMaxSizeReachedException("Group " + group.groupId() + " already has "
                + group.size() + " members (group.max.size)");
        }
        return new ConsumerMember(memberId, instanceId);
    }

    private static ConsumerMember knownMember(ConsumerGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            ConsumerMember member = group.staticMember(instanceId);
            if (member == null) {
                throw new UnknownMemberIdException("Static member " + instanceId + " is not in group "
                    + group.groupId());
            }
            if (!member.memberId().equals(memberId)) {
                throw new FencedInstanceIdException("Static member " + instanceId + " is now member "
                    + member.memberId() + ", not " + memberId);
            }
            return member;
        }
        ConsumerMember member = group.member(memberId);
        if (member == null) {
            throw new UnknownMemberIdException("Member " + memberId + " is not in group " + group.groupId());
        }
        return member;
    }

    /**
     * A heartbeat must carry the member's epoch. The previous epoch is accepted when what the member owns is
     * within its current assignment: the response that bumped the epoch was lost, nothing unsafe happened.
     */
    private static void checkEpoch(ConsumerMember member, int received, Set<TopicPartition> owned) {
        if (received == member.memberEpoch) {
            return;
        }
        if (received < member.memberEpoch && received == member.previousMemberEpoch && owned != null
            && member.assigned.containsAll(owned)) {
            return;
        }
        throw new FencedMemberEpochException("Member " + member.memberId() + " sent epoch " + received
            + "; its epoch is " + member.memberEpoch);
    }

    /** Applies what the heartbeat changed (null or -1 fields are unchanged); true when the subscription changed. */
    private static boolean applyRequest(ConsumerMember member, ConsumerGroupHeartbeatRequestData request,
                                        ClientInfo client) {
        boolean changed = member.subscriptionDiffers(request.subscribedTopicNames(), request.subscribedTopicRegex())
            || (request.serverAssignor() != null && !request.serverAssignor().equals(member.serverAssignor));
        if (request.subscribedTopicNames() != null) {
            member.subscribedTopicNames = List.copyOf(request.subscribedTopicNames());
        }
        if (request.subscribedTopicRegex() != null) {
            member.subscribedTopicRegex = request.subscribedTopicRegex().isEmpty() ? null
                : request.subscribedTopicRegex();
        }
        if (request.serverAssignor() != null) {
            member.serverAssignor = request.serverAssignor();
        }
        if (request.rackId() != null) {
            member.rackId = request.rackId();
        }
        if (request.rebalanceTimeoutMs() != -1) {
            member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        }
        member.clientId = client.clientId() == null ? "" : client.clientId();
        member.clientHost = client.clientHost() == null ? "" : client.clientHost();
        return changed;
    }

    /**
     * Bumps the group epoch when membership or subscriptions changed or a subscribed topic appeared, vanished or
     * grew; then, when the target assignment is older than the group epoch, computes it again.
     */
    private void refreshTargetAssignment(ConsumerGroup group, boolean membershipChanged) {
        SortedMap<String, Set<String>> subscribed = subscriptions.subscriptions(group);
        Map<String, Integer> topicPartitions = subscriptions.topicPartitions(subscribed);
        if (membershipChanged || !topicPartitions.equals(group.topicPartitions)) {
            group.topicPartitions = topicPartitions;
            group.bumpEpoch();
            context.rebalances().consumerEpochBumped();
        }
        if (group.groupEpoch <= group.assignmentEpoch) {
            return;
        }
        Map<String, Set<TopicPartition>> previous = new HashMap<>();
        group.members().forEach(m -> previous.put(m.memberId(), m.target));
        PartitionAssignor assignor = assignors.get(group.preferredAssignor(assignors.names()));
        Map<String, Set<TopicPartition>> target =
            assignor.assign(new AssignmentSpec(subscribed, topicPartitions, previous));
        group.members().forEach(m -> m.target = new HashSet<>(target.getOrDefault(m.memberId(), Set.of())));
        group.assignmentEpoch = group.groupEpoch;
        log.debug("Group {} epoch {}: new target assignment by {}", group.groupId(), group.groupEpoch,
            assignor.name());
    }

    private CompletableFuture<ConsumerGroupHeartbeatResponseData> leave(ConsumerGroupHeartbeatRequestData request) {
        Optional<Group> any = context.groups().get(request.groupId());
        if (any.isPresent() && !(any.get() instanceof ConsumerGroup)) {
            throw new GroupIdNotFoundException("Group " + request.groupId() + " is not a consumer group.");
        }
        ConsumerGroup group = (ConsumerGroup) any.orElseThrow(() ->
            new UnknownMemberIdException("Group " + request.groupId() + " does not exist"));
        GroupValue before = group.snapshot();
        ConsumerMember member = knownMember(group, request.memberId(), request.instanceId());
        if (request.memberEpoch() == ConsumerMember.LEFT_TEMPORARILY) {
            // A static member restarting: it keeps its partitions (no rebalance) for up to a session timeout.
            if (!member.leftTemporarily()) {
                member.previousMemberEpoch = member.memberEpoch;
                member.memberEpoch = ConsumerMember.LEFT_TEMPORARILY;
            }
            timers.startSession(group, member);
        } else {
            removeMember(group, member, true);
        }
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
            .setMemberId(member.memberId())
            .setMemberEpoch(request.memberEpoch())
            .setHeartbeatIntervalMs(context.config().consumerHeartbeatIntervalMs());
        return context.write(result(group, before, response));
    }

    /** Removes a member and frees its partitions; {@code rebalance}: the others' assignment must change. */
    private void removeMember(ConsumerGroup group, ConsumerMember member, boolean rebalance) {
        timers.cancel(group, member);
        group.remove(member.memberId());
        if (rebalance) {
            group.bumpEpoch();
            context.rebalances().consumerEpochBumped();
        }
    }

    /** Runs when a timer fires: the member stopped heartbeating or did not release its partitions in time. */
    private void fence(String groupId, String memberId, String reason) {
        context.groups().get(groupId, ConsumerGroup.class).ifPresent(group -> {
            ConsumerMember member = group.member(memberId);
            if (member == null) {
                return;
            }
            log.info("Removing member {} of group {}: {}", memberId, groupId, reason);
            removeMember(group, member, true);
            context.write(List.of(record(group))).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Could not persist the removal of member {} from group {}", memberId, groupId, e);
                }
            });
        });
    }

    /**
     * The group's record when it changed, and the answer; either way the answer waits until everything written so
     * far is durable (an unchanged answer may still show what an earlier write changed).
     */
    private static CoordinatorResult<ConsumerGroupHeartbeatResponseData> result(
        ConsumerGroup group, GroupValue before, ConsumerGroupHeartbeatResponseData response) {
        return new CoordinatorResult<>(group.snapshot().equals(before) ? List.of() : List.of(record(group)), response);
    }

    private static StateRecord record(ConsumerGroup group) {
        return new StateRecord(new GroupKey(group.groupId()), group.snapshot());
    }

    /** Answers at once from the committed view ({@link ConsumerGroupDescriptions}). */
    public CompletableFuture<ConsumerGroupDescribeResponseData> describe(ClientInfo client,
                                                                         ConsumerGroupDescribeRequestData request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            response.groups().add(descriptions.describe(groupId));
        }
        return CompletableFuture.completedFuture(response);
    }
}
