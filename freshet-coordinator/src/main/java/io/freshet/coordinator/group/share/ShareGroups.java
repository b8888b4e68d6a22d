package io.freshet.coordinator.group.share;

import io.freshet.coordinator.group.PartitionMaps;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.group.GroupValue;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorResult;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.ShareGroupDescribeRequestData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Share groups: ShareGroupHeartbeat and ShareGroupDescribe. Coordinator thread only (except the published
 * {@link ShareMembership}).
 *
 * <p>A heartbeat: validate it, find or create the member (epoch 0 joins with the client's own member id, KIP-1082;
 * -1 leaves), apply its subscription, bump the group epoch when membership, subscriptions or the subscribed topics'
 * partition counts changed (a topic created or grown shows up at the next heartbeat), then give every member its
 * share of the partitions ({@link SimpleAssignor}). A member is told its new assignment, and the epoch that goes
 * with it, at its next heartbeat. The change is written to the group coordinator's log and answered once durable;
 * a member with no heartbeat within its session timeout is fenced. Members removed either way, and deleted groups,
 * are reported to the {@link ShareGroupListener} so their records are released.
 */
public final class ShareGroups {

    private static final Logger log = LoggerFactory.getLogger(ShareGroups.class);

    static final int JOIN = 0;
    static final int LEAVE = -1;

    private final GroupContext context;
    private final ShareMembership membership = new ShareMembership();
    private volatile ShareGroupListener listener = ShareGroupListener.NONE;
    private volatile ShareGroupTimeouts timeouts = ShareGroupTimeouts.DEFAULTS;

    public ShareGroups(GroupContext context) {
        this.context = context;
    }

    /** The thread-safe view of who is in which share group. */
    public ShareMembership membership() {
        return membership;
    }

    public void setListener(ShareGroupListener listener) {
        this.listener = listener;
    }

    public void setTimeouts(ShareGroupTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** A group read back from the internal log (at load, or when a failed write is reverted). */
    public Group load(String groupId, GroupValue.Share value) {
        return ShareGroup.fromValue(groupId, value);
    }

    /** Every member of a loaded group gets a full session from now; the group is published. */
    public void activate(Group loaded) {
        ShareGroup group = (ShareGroup) loaded;
        group.members().forEach(m -> startSession(group, m));
        membership.publish(group);
    }

    public CompletableFuture<ShareGroupHeartbeatResponseData> heartbeat(ClientInfo client,
                                                                        ShareGroupHeartbeatRequestData request) {
        try {
            validate(request);
            return request.memberEpoch() == LEAVE ? leave(request) : joinOrHeartbeat(client, request);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(new ShareGroupHeartbeatResponseData().setErrorCode(
                CoordinatorErrors.of(e, "ShareGroupHeartbeat " + request.groupId()).code())
                .setErrorMessage(e.getMessage()));
        }
    }

    /** Kafka's checks of a ShareGroupHeartbeat on its own, with its messages. */
    private static void validate(ShareGroupHeartbeatRequestData request) {
        require(request.groupId() != null && !request.groupId().isEmpty(), "GroupId can't be empty.");
        require(request.memberId() != null && !request.memberId().isEmpty(), "MemberId can't be empty.");
        require(request.rackId() == null || !request.rackId().isEmpty(), "RackId can't be empty.");
        require(request.memberEpoch() >= LEAVE, "MemberEpoch is invalid.");
        if (request.memberEpoch() == JOIN) {
            require(request.subscribedTopicNames() != null && !request.subscribedTopicNames().isEmpty(),
                "SubscribedTopicNames must be set in first request.");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(message);
        }
    }

    private CompletableFuture<ShareGroupHeartbeatResponseData> joinOrHeartbeat(
        ClientInfo client, ShareGroupHeartbeatRequestData request) {
        boolean join = request.memberEpoch() == JOIN;
        Optional<ShareGroup> existing = existingGroup(request.groupId(), join);
        ShareGroup group = existing.orElseGet(() -> new ShareGroup(request.groupId()));
        GroupValue before = existing.map(ShareGroup::snapshot).orElse(null);

        ShareMember member = group.member(request.memberId());
        boolean membershipChanged = false;
        if (join) {
            if (member == null) {
                if (group.size() >= context.config().maxGroupSize()) {
                    throw new GroupMaxSizeReachedException("Group " + group.groupId() + " already has "
                        + group.size() + " members (group.max.size)");
                }
                member = new ShareMember(request.memberId());
                group.add(member);
                membershipChanged = true;
            }
            member.memberEpoch = JOIN; // (re)joining: the client starts over and needs its assignment
        } else {
            if (member == null) {
                throw new UnknownMemberIdException("Member " + request.memberId() + " is not in group "
                    + group.groupId());
            }
            if (request.memberEpoch() != member.memberEpoch) {
                throw new FencedMemberEpochException("Member " + member.memberId() + " sent epoch "
                    + request.memberEpoch() + "; its epoch is " + member.memberEpoch);
            }
        }
        membershipChanged |= applyRequest(member, request, client);
        context.groups().put(group);

        refreshAssignment(group, membershipChanged);
        boolean tellAssignment = member.memberEpoch != group.assignmentEpoch;
        member.memberEpoch = group.assignmentEpoch;
        startSession(group, member);
        membership.publish(group);

        ShareGroupHeartbeatResponseData response = new ShareGroupHeartbeatResponseData()
            .setMemberId(member.memberId())
            .setMemberEpoch(member.memberEpoch)
            .setHeartbeatIntervalMs(timeouts.heartbeatIntervalMs(group.groupId()));
        if (join || tellAssignment) {
            response.setAssignment(assignment(member.assigned));
        }
        return write(result(group, before, response));
    }

    /** The share group of this id; empty when none exists and this is a join (it will be created). */
    private Optional<ShareGroup> existingGroup(String groupId, boolean join) {
        Optional<Group> any = context.groups().get(groupId);
        if (any.isEmpty()) {
            if (!join) {
                throw new UnknownMemberIdException("Group " + groupId + " has no members: rejoin");
            }
            return Optional.empty();
        }
        if (any.get() instanceof ShareGroup group) {
            return Optional.of(group);
        }
        // Kafka never turns a group of another type into a share group, empty or not.
        throw new GroupIdNotFoundException("Group " + groupId + " is not a share group.");
    }

    /** Applies what the heartbeat changed (null fields are unchanged); true when the subscription changed. */
    private static boolean applyRequest(ShareMember member, ShareGroupHeartbeatRequestData request,
                                        ClientInfo client) {
        boolean changed = false;
        if (request.subscribedTopicNames() != null
            && !new HashSet<>(request.subscribedTopicNames()).equals(new HashSet<>(member.subscribedTopicNames))) {
            member.subscribedTopicNames = List.copyOf(new TreeSet<>(request.subscribedTopicNames()));
            changed = true;
        }
        if (request.rackId() != null) {
            member.rackId = request.rackId();
        }
        member.clientId = client.clientId() == null ? "" : client.clientId();
        member.clientHost = client.clientHost() == null ? "" : client.clientHost();
        return changed;
    }

    /**
     * Bumps the group epoch when membership or subscriptions changed or a subscribed topic appeared, vanished or
     * grew; then, when the assignment is older than the group epoch, assigns every member again.
     */
    private void refreshAssignment(ShareGroup group, boolean membershipChanged) {
        SortedMap<String, Set<String>> subscriptions = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (ShareMember m : group.members()) {
            Set<String> existing = new TreeSet<>();
            for (String topic : m.subscribedTopicNames) {
                context.topics().partitionCount(topic).ifPresent(n -> {
                    existing.add(topic);
                    counts.put(topic, n);
                });
            }
            subscriptions.put(m.memberId(), existing);
        }
        if (membershipChanged || !counts.equals(group.topicPartitions)) {
            group.topicPartitions = counts;
            group.bumpEpoch();
        }
        if (group.groupEpoch <= group.assignmentEpoch) {
            return;
        }
        Map<String, Set<TopicPartition>> assignment = SimpleAssignor.assign(subscriptions, counts);
        group.members().forEach(m -> m.assigned = assignment.getOrDefault(m.memberId(), Set.of()));
        group.stateTopics.addAll(counts.keySet());
        group.assignmentEpoch = group.groupEpoch;
        log.debug("Share group {} epoch {}: {} members over {}", group.groupId(), group.groupEpoch, group.size(),
            counts);
    }

    private CompletableFuture<ShareGroupHeartbeatResponseData> leave(ShareGroupHeartbeatRequestData request) {
        Optional<Group> any = context.groups().get(request.groupId());
        if (any.isPresent() && !(any.get() instanceof ShareGroup)) {
            throw new GroupIdNotFoundException("Group " + request.groupId() + " is not a share group.");
        }
        ShareGroup group = (ShareGroup) any.orElseThrow(() ->
            new UnknownMemberIdException("Group " + request.groupId() + " does not exist"));
        ShareMember member = group.member(request.memberId());
        if (member == null) {
            throw new UnknownMemberIdException("Member " + request.memberId() + " is not in group "
                + group.groupId());
        }
        GroupValue before = group.snapshot();
        removeMember(group, member);
        ShareGroupHeartbeatResponseData response = new ShareGroupHeartbeatResponseData()
            .setMemberId(member.memberId())
            .setMemberEpoch(LEAVE)
            .setHeartbeatIntervalMs(timeouts.heartbeatIntervalMs(group.groupId()));
        return write(result(group, before, response));
    }

    /** Removes a member, assigns its partitions to the others, and tells the listener (its records are freed). */
    private void removeMember(ShareGroup group, ShareMember member) {
        context.timer().cancel(session(group.groupId(), member.memberId()));
        group.remove(member.memberId());
        refreshAssignment(group, true);
        membership.publish(group);
        listener.memberRemoved(group.groupId(), member.memberId());
    }

    private void startSession(ShareGroup group, ShareMember member) {
        String groupId = group.groupId();
        String memberId = member.memberId();
        int timeoutMs = timeouts.sessionTimeoutMs(groupId);
        context.timer().schedule(session(groupId, memberId), timeoutMs, () -> fence(groupId, memberId,
            "no heartbeat within its session timeout (" + timeoutMs + " ms)"));
    }

    private static String session(String groupId, String memberId) {
        return "share-session/" + groupId + "/" + memberId;
    }

    /** Runs when a member's session timer fires. */
    private void fence(String groupId, String memberId, String reason) {
        context.groups().get(groupId, ShareGroup.class).ifPresent(group -> {
            ShareMember member = group.member(memberId);
            if (member == null) {
                return;
            }
            log.info("Removing member {} of share group {}: {}", memberId, groupId, reason);
            removeMember(group, member);
            context.write(List.of(record(group))).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Could not persist the removal of member {} from share group {}", memberId, groupId, e);
                    republish(groupId);
                }
            });
        });
    }

    /**
     * Adds or forgets topics the group has share-partition state for (AlterShareGroupOffsets gives a topic state,
     * DeleteShareGroupOffsets takes it away); completes with false when no share group has this id.
     */
    public CompletableFuture<Boolean> updateStateTopics(String groupId, Collection<String> added,
                                                        Collection<String> removed) {
        Optional<ShareGroup> found = context.groups().get(groupId, ShareGroup.class);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        ShareGroup group = found.get();
        GroupValue before = group.snapshot();
        group.stateTopics.addAll(added);
        group.stateTopics.removeAll(removed);
        membership.publish(group);
        return write(result(group, before, true));
    }

    /**
     * Whether a share group's offsets may be altered or deleted now: NONE for an empty share group, NON_EMPTY_GROUP
     * while it has members, GROUP_ID_NOT_FOUND when no share group has this id. With {@code createIfAbsent}
     * (AlterShareGroupOffsets) an unknown id becomes an empty share group, durably, as Kafka does.
     */
    public CompletableFuture<Errors> offsetsChangeAllowed(String groupId, boolean createIfAbsent) {
        Optional<Group> any = context.groups().get(groupId);
        if (any.isEmpty()) {
            if (!createIfAbsent) {
                return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
            }
            ShareGroup group = new ShareGroup(groupId);
            context.groups().put(group);
            membership.publish(group);
            return write(result(group, null, Errors.NONE));
        }
        if (!(any.get() instanceof ShareGroup group)) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        return CompletableFuture.completedFuture(group.isEmpty() ? Errors.NONE : Errors.NON_EMPTY_GROUP);
    }

    /** Called once a share group's deletion is durable. */
    public void deleted(String groupId) {
        membership.remove(groupId);
        listener.groupDeleted(groupId);
    }

    /**
     * Writes a change; if the write fails the registry has put back the group's previous state (or dropped a group
     * that was new), and the published view follows it, so ShareFetch never sees a membership a failed write took
     * back.
     */
    private <T> CompletableFuture<T> write(CoordinatorResult<T> result) {
        return context.write(result).whenComplete((done, error) -> {
            if (error != null) {
                result.records().forEach(r -> republish(((GroupKey) r.key()).group()));
            }
        });
    }

    private void republish(String groupId) {
        context.groups().get(groupId, ShareGroup.class).ifPresentOrElse(membership::publish,
            () -> membership.remove(groupId));
    }

    /**
     * The group's record when it changed, and the answer; either way the answer waits until everything written so
     * far is durable.
     */
    private static <T> CoordinatorResult<T> result(ShareGroup group, GroupValue before, T response) {
        return new CoordinatorResult<>(group.snapshot().equals(before) ? List.of() : List.of(record(group)), response);
    }

    private static StateRecord record(ShareGroup group) {
        return new StateRecord(new GroupKey(group.groupId()), group.snapshot());
    }

    private ShareGroupHeartbeatResponseData.Assignment assignment(Set<TopicPartition> partitions) {
        ShareGroupHeartbeatResponseData.Assignment assignment = new ShareGroupHeartbeatResponseData.Assignment();
        PartitionMaps.toMap(partitions).forEach((topic, list) -> context.topics().topicId(topic).ifPresent(id ->
            assignment.topicPartitions().add(new ShareGroupHeartbeatResponseData.TopicPartitions()
                .setTopicId(id).setPartitions(list))));
        return assignment;
    }

    /** Answers at once from the committed view ({@link ShareGroupDescriptions}). */
    public CompletableFuture<ShareGroupDescribeResponseData> describe(ClientInfo client,
                                                                      ShareGroupDescribeRequestData request) {
        ShareGroupDescribeResponseData response = new ShareGroupDescribeResponseData();
        ShareGroupDescriptions descriptions = new ShareGroupDescriptions(context);
        for (String groupId : request.groupIds()) {
            response.groups().add(descriptions.describe(groupId));
        }
        return CompletableFuture.completedFuture(response);
    }
}
