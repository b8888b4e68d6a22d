package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupValue;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The classic group protocol: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, session and rebalance timeouts, static
 * membership. The client-side assignors (range, round-robin, cooperative-sticky) work unchanged: the leader
 * computes the assignment, the coordinator only passes it on; cooperative rebalancing is the clients' two
 * consecutive rebalances, which look like any other here.
 *
 * <p>A rebalance: PreparingRebalance until every member has rejoined (or the rebalance timeout removes those that
 * did not; an empty group first waits group.initial.rebalance.delay.ms for more joiners) -> the next generation,
 * JoinGroup answers, the leader gets every member's metadata -> CompletingRebalance until the leader's SyncGroup
 * -> the assignment is written to the internal log -> Stable, SyncGroup answers.
 *
 * <p>Coordinator thread only; timers run on it too.
 */
public final class ClassicGroups {

    private static final Logger log = LoggerFactory.getLogger(ClassicGroups.class);

    private final GroupContext context;
    private final ClassicJoinResponses responses = new ClassicJoinResponses();
    private final ClassicRebalancer rebalancer;

    public ClassicGroups(GroupContext context) {
        this.context = context;
        this.rebalancer = new ClassicRebalancer(context, responses, new ClassicTimers(context.timer()));
    }

    /** A group as its record describes it (at load, or brought back after its deletion failed). */
    public Group load(String groupId, GroupValue.Classic value) {
        return ClassicGroup.fromSnapshot(groupId, value);
    }

    /** A loaded group's members get a full session to heartbeat again. */
    public void activate(Group loaded) {
        ClassicGroup group = (ClassicGroup) loaded;
        group.members().forEach(m -> rebalancer.scheduleSessionExpiry(group, m));
    }

    // ------------------------------------------------------------------------------------------------ JoinGroup

    public CompletableFuture<JoinGroupResponseData> join(ClientInfo client, JoinGroupRequestData request) {
        short version = client.apiVersion();
        String groupId = request.groupId();
        int rebalanceTimeoutMs = version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        if (groupId == null || groupId.isEmpty()) {
            return done(responses.joinError(Errors.INVALID_GROUP_ID, request.memberId()));
        }
        if (request.sessionTimeoutMs() < context.config().minSessionTimeoutMs()
            || request.sessionTimeoutMs() > context.config().maxSessionTimeoutMs()) {
            return done(responses.joinError(Errors.INVALID_SESSION_TIMEOUT, request.memberId()));
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        request.protocols().forEach(p -> protocols.putIfAbsent(p.name(), p.metadata()));
        if (request.protocolType() == null || request.protocolType().isEmpty() || protocols.isEmpty()) {
            return done(responses.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        boolean unknownMember = request.memberId() == null || request.memberId().isEmpty();
        Optional<Group> existing = context.groups().get(groupId);
        ClassicGroup group;
        if (existing.isPresent() && existing.get() instanceof ClassicGroup classic) {
            group = classic;
        } else if (existing.isPresent() && !existing.get().isEmpty()) {
            return done(responses.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        } else if (!unknownMember) {
            return done(responses.joinError(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
        } else {
            group = new ClassicGroup(groupId); // new, or replacing an empty group of the other protocol
            context.groups().put(group);
        }
        if (group.is(ClassicGroupState.DEAD)) {
            return done(responses.joinError(Errors.COORDINATOR_NOT_AVAILABLE, request.memberId()));
        }
        if (!group.supports(request.protocolType(), protocols.keySet())) {
            return done(responses.joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
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
            return done(responses.joinError(Errors.GROUP_MAX_SIZE_REACHED, ""));
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
            return done(responses.joinError(Errors.MEMBER_ID_REQUIRED, memberId));
        }
        return addMemberAndRebalance(group, join.newMember(memberId), join);
    }

    private CompletableFuture<JoinGroupResponseData> joinKnownMember(ClassicGroup group, String memberId,
                                                                    JoinRequest join) {
        if (rebalancer.removePending(group, memberId)) {
            return addMemberAndRebalance(group, join.newMember(memberId), join);
        }
        Errors fenced = checkStaticMember(group, memberId, join.groupInstanceId());
        if (fenced != Errors.NONE) {
            return done(responses.joinError(fenced, memberId));
        }
        Optional<ClassicMember> found = group.member(memberId);
        if (found.isEmpty()) {
            return done(responses.joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
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
                    return done(responses.joinResponse(group, member));
                }
                return rebalanceWith(group, member, join, "member " + memberId + " changed its protocols");
            case STABLE:
                if (sameProtocols && !group.isLeader(memberId)) {
                    rebalancer.scheduleSessionExpiry(group, member);
                    return done(responses.joinResponse(group, member));
                }
                return rebalanceWith(group, member, join, group.isLeader(memberId)
                    ? "the leader " + memberId + " rejoined" : "member " + memberId + " changed its protocols");
            default:
                return done(responses.joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
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

    // ------------------------------------------------------------------------------------------------ SyncGroup

    public CompletableFuture<SyncGroupResponseData> sync(ClientInfo client, SyncGroupRequestData request) {
        Optional<ClassicGroup> found = context.groups().get(request.groupId(), ClassicGroup.class);
        if (found.isEmpty()) {
            return done(responses.syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        ClassicGroup group = found.get();
        Errors error = checkMember(group, request.memberId(), request.groupInstanceId(), request.generationId());
        if (error == Errors.NONE && client.apiVersion() >= 5
            && ((request.protocolType() != null && !request.protocolType().equals(group.protocolType()))
            || (request.protocolName() != null && !request.protocolName().equals(group.protocolName())))) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error != Errors.NONE) {
            return done(responses.syncError(error));
        }
        ClassicMember member = group.member(request.memberId()).orElseThrow();
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return done(responses.syncError(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE:
                rebalancer.scheduleSessionExpiry(group, member);
                member.awaitingSync = new CompletableFuture<>();
                CompletableFuture<SyncGroupResponseData> response = member.awaitingSync;
                if (group.isLeader(member.memberId())) {
                    rebalancer.applyAssignment(group, request);
                }
                return response;
            case STABLE:
                rebalancer.scheduleSessionExpiry(group, member);
                return group.assignmentDurable.thenApply(v -> responses.syncResponse(group, member));
            default:
                return done(responses.syncError(Errors.UNKNOWN_MEMBER_ID));
        }
    }

    // ------------------------------------------------------------------------------------------------ Heartbeat

    public CompletableFuture<HeartbeatResponseData> heartbeat(ClientInfo client, HeartbeatRequestData request) {
        Optional<ClassicGroup> found = context.groups().get(request.groupId(), ClassicGroup.class);
        if (found.isEmpty()) {
            return done(new HeartbeatResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        }
        ClassicGroup group = found.get();
        Errors error = checkMember(group, request.memberId(), request.groupInstanceId(), request.generationId());
        if (error == Errors.NONE) {
            ClassicMember member = group.member(request.memberId()).orElseThrow();
            rebalancer.scheduleSessionExpiry(group, member);
            if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
                error = Errors.REBALANCE_IN_PROGRESS;
            }
        }
        return done(new HeartbeatResponseData().setErrorCode(error.code()));
    }

    /** Member, static instance and generation checks shared by SyncGroup and Heartbeat. */
    private Errors checkMember(ClassicGroup group, String memberId, String groupInstanceId, int generationId) {
        if (group.is(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors fenced = checkStaticMember(group, memberId, groupInstanceId);
        if (fenced != Errors.NONE) {
            return fenced;
        }
        if (group.member(memberId).isEmpty()) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != group.generation()) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    private static Errors checkStaticMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId == null) {
            return Errors.NONE;
        }
        Optional<String> current = group.staticMemberId(groupInstanceId);
        if (current.isEmpty()) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return current.get().equals(memberId) ? Errors.NONE : Errors.FENCED_INSTANCE_ID;
    }

    // ------------------------------------------------------------------------------------------------ LeaveGroup

    public CompletableFuture<LeaveGroupResponseData> leave(ClientInfo client, LeaveGroupRequestData request) {
        List<LeaveGroupRequestData.MemberIdentity> leaving = client.apiVersion() >= 3
            ? request.members()
            : List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(request.memberId()));
        Optional<ClassicGroup> found = context.groups().get(request.groupId(), ClassicGroup.class);
        if (found.isEmpty()) {
            return done(new LeaveGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        }
        ClassicGroup group = found.get();
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        boolean anyLeft = false;
        for (LeaveGroupRequestData.MemberIdentity identity : leaving) {
            Errors error = leaveOne(group, identity);
            anyLeft |= error == Errors.NONE;
            response.members().add(new LeaveGroupResponseData.MemberResponse().setMemberId(identity.memberId())
                .setGroupInstanceId(identity.groupInstanceId()).setErrorCode(error.code()));
        }
        if (client.apiVersion() < 3) {
            response.setErrorCode(response.members().get(0).errorCode());
            response.members().clear();
        }
        if (anyLeft) {
            rebalancer.rebalanceOrEmpty(group, "members left: " + leaving.size());
        }
        return done(response);
    }

    private Errors leaveOne(ClassicGroup group, LeaveGroupRequestData.MemberIdentity identity) {
        String memberId = identity.memberId();
        if (identity.groupInstanceId() != null) {
            Optional<String> current = group.staticMemberId(identity.groupInstanceId());
            if (current.isEmpty()) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (memberId != null && !memberId.isEmpty() && !current.get().equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = current.get();
        }
        if (rebalancer.removePending(group, memberId)) {
            return Errors.NONE;
        }
        if (group.member(memberId).isEmpty()) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        rebalancer.removeMember(group, group.member(memberId).get(), Errors.UNKNOWN_MEMBER_ID);
        return Errors.NONE;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
