package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupValue;
import io.freshet.coordinator.runtime.ClientInfo;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Optional;
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

    private final GroupContext context;
    private final ClassicJoinResponses responses = new ClassicJoinResponses();
    private final ClassicRebalancer rebalancer;
    private final ClassicJoins joins;

    public ClassicGroups(GroupContext context) {
        this.context = context;
        this.rebalancer = new ClassicRebalancer(context, responses, new ClassicTimers(context.timer()));
        this.joins = new ClassicJoins(context, responses, rebalancer);
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

    /** JoinGroup: {@link ClassicJoins}. */
    public CompletableFuture<JoinGroupResponseData> join(ClientInfo client, JoinGroupRequestData request) {
        return joins.join(client, request);
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

    /** A static member's request must come from the member id that holds its instance id now (KIP-345). */
    static Errors checkStaticMember(ClassicGroup group, String memberId, String groupInstanceId) {
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

    static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
