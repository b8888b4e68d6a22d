package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupType;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup, every version: new members (with the KIP-394 round trip that hands out the member id first), known
 * members rejoining, static members coming back under their instance id (KIP-345), and the parking of a JoinGroup
 * until its rebalance completes ({@link ClassicRebalancer}). Coordinator thread only.
 */
final class ClassicJoins {

    private static final Logger log = LoggerFactory.getLogger(ClassicJoins.class);

    private final GroupContext context;
    private final ClassicJoinResponses responses;
    private final ClassicRebalancer rebalancer;

    ClassicJoins(GroupContext context, ClassicJoinResponses responses, ClassicRebalancer rebalancer) {
        this.context = context;
        this.responses = responses;
        this.rebalancer = rebalancer;
    }

    public CompletableFuture<JoinGroupResponseData> join(ClientInfo client, JoinGroupRequestData request) {
        short version = client.apiVersion();
        String groupId = request.groupId();
        int rebalanceTimeoutMs = version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        if (groupId == null || groupId.isEmpty()) {
            return ClassicGroups.done(responses.joinError(Errors.INVALID_GROUP_ID, request.memberId()));
        }
        if (request.sessionTimeoutMs() < context.config().minSessionTimeoutMs()
            || request.sessionTimeoutMs() > context.config().maxSessionTimeoutMs()) {
            return ClassicGroups.done(responses.joinError(Errors.INVALID_SESSION_TIMEOUT, request.memberId()));
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        request.protocols().forEach(p -> protocols.putIfAbsent(p.name(), p.metadata()));
        if (request.protocolType() == null || request.protocolType().isEmpty() || protocols.isEmpty()) {
            return ClassicGroups.done(responses.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        boolean unknownMember = request.memberId() == null || request.memberId().isEmpty();
        Optional<Group> existing = context.groups().get(groupId);
        ClassicGroup group;
        if (existing.isPresent() && existing.get() instanceof ClassicGroup classic) {
            group = classic;
        } else if (existing.isPresent() && (!existing.get().isEmpty() || existing.get().type() == GroupType.SHARE)) {
            // A share group never gives way to a classic one, as in Kafka, even when empty.
            return ClassicGroups.done(responses.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        } else if (!unknownMember) {
            return ClassicGroups.done(responses.joinError(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
        } else {
            group = new ClassicGroup(groupId); // new, or replacing an empty group of the other protocol
            context.groups().put(group);
        }
        if (group.is(ClassicGroupState.DEAD)) {
            return ClassicGroups.done(responses.joinError(Errors.COORDINATOR_NOT_AVAILABLE, request.memberId()));
        }
        if (!group.supports(request.protocolType(), protocols.keySet())) {
            return ClassicGroups.done(responses.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        JoinRequest join = new JoinRequest(client, request.groupInstanceId(), request.protocolType(),
            request.sessionTimeoutMs(), rebalanceTimeoutMs, protocols);
        return unknownMember ? joinNewMember(group, join) : joinKnownMember(group, request.memberId(), join);
    }

    /** What a JoinGroup asks for, whatever its version. */
    private record JoinRequest(ClientInfo client, String groupInstanceId, String protocolType, int sessionTimeoutMs,
                               int rebalanceTimeoutMs, Map<String, byte[]> protocols) {
        ClassicMember newMember(String memberId) {
            return new ClassicMember(memberId, groupInstanceId, client.clientId(), client.clientHost(),
                rebalanceTimeoutMs, sessionTimeoutMs, protocols);
        }
    }

    private CompletableFuture<JoinGroupResponseData> joinNewMember(ClassicGroup group, JoinRequest join) {
        if (group.size() >= context.config().maxGroupSize()) {
            return ClassicGroups.done(responses.joinError(Errors.GROUP_MAX_SIZE_REACHED, ""));
        }
        String prefix = join.groupInstanceId() != null ? join.groupInstanceId() : join.client().clientId();
        String memberId = prefix + "-" + UUID.randomUUID();
        if (join.groupInstanceId() != null) {
            Optional<String> oldId = group.staticMemberId(join.groupInstanceId());
            if (oldId.isPresent()) {
                return replaceStaticMember(group, group.member(oldId.get()).orElseThrow(), memberId, join);
            }
        } else if (join.client().apiVersion() >= 4) {
            // KIP-394: the client must come back with this id, so a retried JoinGroup cannot leave a ghost member.
            rebalancer.addPending(group, memberId, join.sessionTimeoutMs());
            return ClassicGroups.done(responses.joinError(Errors.MEMBER_ID_REQUIRED, memberId));
        }
        return addMemberAndRebalance(group, join.newMember(memberId), join);
    }

    private CompletableFuture<JoinGroupResponseData> joinKnownMember(ClassicGroup group, String memberId,
                                                                    JoinRequest join) {
        if (rebalancer.removePending(group, memberId)) {
            return addMemberAndRebalance(group, join.newMember(memberId), join);
        }
        Errors fenced = ClassicGroups.checkStaticMember(group, memberId, join.groupInstanceId());
        if (fenced != Errors.NONE) {
            return ClassicGroups.done(responses.joinError(fenced, memberId));
        }
        Optional<ClassicMember> found = group.member(memberId);
        if (found.isEmpty()) {
            return ClassicGroups.done(responses.joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
        ClassicMember member = found.get();
        boolean sameProtocols = member.sameProtocols(join.protocols());
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return awaitJoin(group, member, join);
            case COMPLETING_REBALANCE:
                if (sameProtocols) {
                    // The JoinGroup response was lost: answer it again.
                    rebalancer.scheduleSessionExpiry(group, member);
                    return ClassicGroups.done(responses.joinResponse(group, member));
                }
                return rebalanceWith(group, member, join, "member " + memberId + " changed its protocols");
            case STABLE:
                if (sameProtocols && !group.isLeader(memberId)) {
                    rebalancer.scheduleSessionExpiry(group, member);
                    return ClassicGroups.done(responses.joinResponse(group, member));
                }
                return rebalanceWith(group, member, join, group.isLeader(memberId)
                    ? "the leader " + memberId + " rejoined" : "member " + memberId + " changed its protocols");
            default:
                return ClassicGroups.done(responses.joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
    }

    /**
     * KIP-345: a static member that restarted rejoins under its instance id with no member id. It takes over the
     * old member's place; the old id is fenced. A follower with unchanged protocols gets the current generation
     * back without a rebalance; otherwise the group rebalances.
     */
    private CompletableFuture<JoinGroupResponseData> replaceStaticMember(ClassicGroup group, ClassicMember old,
                                                                        String newMemberId, JoinRequest join) {
        String oldId = old.memberId();
        if (old.awaitingJoin != null) {
            old.awaitingJoin.complete(responses.joinError(Errors.FENCED_INSTANCE_ID, oldId));
            old.awaitingJoin = null;
        }
        if (old.awaitingSync != null) {
            old.awaitingSync.complete(responses.syncError(Errors.FENCED_INSTANCE_ID));
            old.awaitingSync = null;
        }
        boolean wasLeader = group.isLeader(oldId);
        boolean sameProtocols = old.sameProtocols(join.protocols());
        rebalancer.cancelSession(group, old); // named by the old id
        group.renewStatic(old, newMemberId);
        log.info("Static member {} of group {} rejoined: member id {} replaces {}", old.groupInstanceId(),
            group.groupId(), newMemberId, oldId);
        if (group.is(ClassicGroupState.STABLE) && sameProtocols && !wasLeader) {
            old.update(join.client().clientId(), join.client().clientHost(), join.rebalanceTimeoutMs(),
                join.sessionTimeoutMs(), join.protocols());
            rebalancer.scheduleSessionExpiry(group, old);
            JoinGroupResponseData response = responses.joinResponse(group, old);
            return rebalancer.persist(group).thenApply(v -> response).exceptionally(e -> responses.joinError(
                CoordinatorErrors.of(e, "JoinGroup of static member " + newMemberId), newMemberId));
        }
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return awaitJoin(group, old, join);
        }
        return rebalanceWith(group, old, join, "static member " + old.groupInstanceId() + " rejoined");
    }

    private CompletableFuture<JoinGroupResponseData> addMemberAndRebalance(ClassicGroup group, ClassicMember member,
                                                                          JoinRequest join) {
        if (group.members().isEmpty()) {
            group.setProtocolType(join.protocolType());
        }
        group.add(member);
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return awaitJoin(group, member, join);
        }
        return rebalanceWith(group, member, join, "member " + member.memberId() + " joined");
    }

    private CompletableFuture<JoinGroupResponseData> rebalanceWith(ClassicGroup group, ClassicMember member,
                                                                   JoinRequest join, String reason) {
        CompletableFuture<JoinGroupResponseData> response = park(group, member, join);
        rebalancer.prepareRebalance(group, reason);
        rebalancer.maybeCompleteJoin(group);
        return response;
    }

    private CompletableFuture<JoinGroupResponseData> awaitJoin(ClassicGroup group, ClassicMember member,
                                                               JoinRequest join) {
        CompletableFuture<JoinGroupResponseData> response = park(group, member, join);
        rebalancer.maybeCompleteJoin(group);
        return response;
    }

    private CompletableFuture<JoinGroupResponseData> park(ClassicGroup group, ClassicMember member,
                                                          JoinRequest join) {
        member.update(join.client().clientId(), join.client().clientHost(), join.rebalanceTimeoutMs(),
            join.sessionTimeoutMs(), join.protocols());
        if (member.awaitingJoin != null) {
            // A second JoinGroup from the same member replaces the first; the first gets a retriable error.
            member.awaitingJoin.complete(responses.joinError(Errors.REBALANCE_IN_PROGRESS, member.memberId()));
        }
        member.awaitingJoin = new CompletableFuture<>();
        rebalancer.cancelSession(group, member); // kept alive while it waits for the rebalance
        return member.awaitingJoin;
    }
}
