package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The life of a classic rebalance and of member sessions: the join phase and its deadlines (the initial delay of an
 * empty group, then the rebalance timeout), the next generation, the leader's assignment written before anyone gets
 * it, the sync deadline, and members removed when their session runs out. {@link ClassicGroups} decides what a
 * request does; this class moves the group through its states. Coordinator thread only.
 */
final class ClassicRebalancer {

    private static final Logger log = LoggerFactory.getLogger(ClassicRebalancer.class);

    private final GroupContext context;
    private final ClassicJoinResponses responses;
    private final ClassicTimers timers;

    ClassicRebalancer(GroupContext context, ClassicJoinResponses responses, ClassicTimers timers) {
        this.context = context;
        this.responses = responses;
        this.timers = timers;
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            // Members waiting in SyncGroup learn that the assignment they wait for will not come.
            for (ClassicMember m : group.members()) {
                if (m.awaitingSync != null) {
                    m.awaitingSync.complete(responses.syncError(Errors.REBALANCE_IN_PROGRESS));
                    m.awaitingSync = null;
                }
            }
        }
        boolean initial = group.is(ClassicGroupState.EMPTY);
        int delayMs = initial
            ? Math.min(context.config().initialRebalanceDelayMs(), group.rebalanceTimeoutMs())
            : group.rebalanceTimeoutMs();
        group.initialDelayRunning = initial && delayMs > 0;
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE);
        scheduleJoinDeadline(group, delayMs);
        log.info("Group {} rebalancing (generation {}): {}", group.groupId(), group.generation(), reason);
    }

    private void scheduleJoinDeadline(ClassicGroup group, long delayMs) {
        String groupId = group.groupId();
        timers.scheduleRebalance(group, delayMs, () -> find(groupId).ifPresent(this::onJoinDeadline));
    }

    private void onJoinDeadline(ClassicGroup group) {
        if (!group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        if (group.initialDelayRunning) {
            group.initialDelayRunning = false;
            if (!group.allMembersJoined()) {
                // The initial wait is over; now wait for the stragglers as in any rebalance.
                scheduleJoinDeadline(group, group.rebalanceTimeoutMs());
                return;
            }
        }
        completeJoin(group);
    }

    /** The live classic group of this id: timers look it up when they fire. */
    private Optional<ClassicGroup> find(String groupId) {
        return context.groups().get(groupId, ClassicGroup.class);
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && !group.initialDelayRunning && group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    /** Ends the join phase: members that did not rejoin are out; the rest get the next generation. */
    private void completeJoin(ClassicGroup group) {
        timers.cancelRebalance(group);
        for (ClassicMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingJoin()) {
                log.info("Member {} of group {} did not rejoin in time; removing it", m.memberId(), group.groupId());
                timers.cancelSession(group, m.memberId());
                group.remove(m.memberId());
            }
        }
        group.startNextGeneration(null);
        if (group.members().isEmpty()) {
            group.transitionTo(ClassicGroupState.EMPTY);
            persist(group);
            log.info("Group {} is empty (generation {})", group.groupId(), group.generation());
            return;
        }
        group.transitionTo(ClassicGroupState.COMPLETING_REBALANCE);
        context.rebalances().classicCompleted();
        for (ClassicMember m : group.members()) {
            CompletableFuture<JoinGroupResponseData> waiting = m.awaitingJoin;
            m.awaitingJoin = null;
            m.assign(new byte[0]);
            waiting.complete(responses.joinResponse(group, m));
            scheduleSessionExpiry(group, m);
        }
        log.info("Group {} generation {} with {} members, protocol {}, leader {}", group.groupId(),
            group.generation(), group.members().size(), group.protocolName(), group.leaderId());
        int generation = group.generation();
        String groupId = group.groupId();
        timers.scheduleRebalance(group, group.rebalanceTimeoutMs(),
            () -> find(groupId).ifPresent(g -> onSyncDeadline(g, generation)));
    }

    /** The leader never sent its assignment: members that did not sync are removed and the group rebalances. */
    private void onSyncDeadline(ClassicGroup group, int generation) {
        if (!group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.generation() != generation) {
            return;
        }
        for (ClassicMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingSync()) {
                timers.cancelSession(group, m.memberId());
                group.remove(m.memberId());
            }
        }
        rebalanceOrEmpty(group, "no assignment from the leader within the rebalance timeout");
    }

    void rebalanceOrEmpty(ClassicGroup group, String reason) {
        if (group.members().isEmpty() && !group.hasPending()) {
            timers.cancelRebalance(group);
            group.startNextGeneration(null);
            group.transitionTo(ClassicGroupState.EMPTY);
            persist(group);
            log.info("Group {} is empty (generation {}): {}", group.groupId(), group.generation(), reason);
            return;
        }
        prepareRebalance(group, reason);
        maybeCompleteJoin(group);
    }

    /** The leader's assignment: stored, written, then every waiting member gets its part. */
    void applyAssignment(ClassicGroup group, SyncGroupRequestData request) {
        Map<String, byte[]> byMember = new HashMap<>();
        request.assignments().forEach(a -> byMember.put(a.memberId(), a.assignment()));
        for (ClassicMember m : group.members()) {
            m.assign(byMember.get(m.memberId()));
        }
        timers.cancelRebalance(group);
        group.transitionTo(ClassicGroupState.STABLE);
        int generation = group.generation();
        group.assignmentDurable = persist(group);
        group.assignmentDurable.whenComplete((v, error) -> {
            if (group.generation() != generation) {
                return; // a newer rebalance already answered these members
            }
            Errors failed = error == null ? Errors.NONE
                : CoordinatorErrors.of(error, "assignment of group " + group.groupId());
            for (ClassicMember m : group.members()) {
                if (m.awaitingSync != null) {
                    m.awaitingSync.complete(error == null ? responses.syncResponse(group, m)
                        : responses.syncError(failed));
                    m.awaitingSync = null;
                }
            }
            if (error != null) {
                log.warn("Could not write the assignment of group {}; rebalancing", group.groupId(), error);
                group.assignmentDurable = CompletableFuture.completedFuture(null);
                prepareRebalance(group, "the assignment could not be written");
            }
        });
    }


    void removeMember(ClassicGroup group, ClassicMember member, Errors answerToParked) {
        timers.cancelSession(group, member.memberId());
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(responses.joinError(answerToParked, member.memberId()));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.complete(responses.syncError(answerToParked));
            member.awaitingSync = null;
        }
        group.remove(member.memberId());
    }


    void scheduleSessionExpiry(ClassicGroup group, ClassicMember member) {
        String groupId = group.groupId();
        String memberId = member.memberId();
        timers.scheduleSession(group, memberId, member.sessionTimeoutMs(),
            () -> find(groupId).ifPresent(g -> g.member(memberId).ifPresent(m -> expire(g, m))));
    }

    /** The member's session no longer runs: it is parked in a rebalance, or leaving, or renamed. */
    void cancelSession(ClassicGroup group, ClassicMember member) {
        timers.cancelSession(group, member.memberId());
    }

    private void expire(ClassicGroup group, ClassicMember member) {
        if (member.isAwaitingJoin() || member.isAwaitingSync()) {
            // Parked in a rebalance, which has its own deadlines; the session starts again once it is answered.
            scheduleSessionExpiry(group, member);
            return;
        }
        log.info("Member {} of group {} missed its session timeout ({} ms); removing it", member.memberId(),
            group.groupId(), member.sessionTimeoutMs());
        removeMember(group, member, Errors.UNKNOWN_MEMBER_ID);
        rebalanceOrEmpty(group, "member " + member.memberId() + " timed out");
    }

    /** JoinGroup v4+ (KIP-394): the new member has a session timeout to come back with the id it was given. */
    void addPending(ClassicGroup group, String memberId, int sessionTimeoutMs) {
        group.addPending(memberId);
        String groupId = group.groupId();
        timers.schedulePending(group, memberId, sessionTimeoutMs,
            () -> find(groupId).ifPresent(g -> expirePending(g, memberId)));
    }

    /** Whether it was pending (it is not any more). */
    boolean removePending(ClassicGroup group, String memberId) {
        timers.cancelPending(group, memberId);
        return group.removePending(memberId);
    }

    private void expirePending(ClassicGroup group, String memberId) {
        if (group.removePending(memberId)) {
            maybeCompleteJoin(group);
        }
    }

    /** Writes the group's record; the future completes once it is durable, or fails once it is reverted. */
    CompletableFuture<Void> persist(ClassicGroup group) {
        return context.write(List.of(new StateRecord(new GroupKey(group.groupId()), group.snapshot())));
    }
}
