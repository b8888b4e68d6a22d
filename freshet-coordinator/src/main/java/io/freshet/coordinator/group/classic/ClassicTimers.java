package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.runtime.CoordinatorTimer;

/**
 * The names of a classic group's timers on the coordinator's {@link CoordinatorTimer}: the rebalance deadline (join
 * phase, then the leader's sync), each member's session, and each pending member's wait for its second JoinGroup.
 * Tasks find the group and member again by id when they fire, so a timer of a member that has gone does nothing.
 */
final class ClassicTimers {

    private final CoordinatorTimer timer;

    ClassicTimers(CoordinatorTimer timer) {
        this.timer = timer;
    }

    void scheduleRebalance(ClassicGroup group, long delayMs, Runnable task) {
        timer.schedule(rebalance(group.groupId()), delayMs, task);
    }

    void cancelRebalance(ClassicGroup group) {
        timer.cancel(rebalance(group.groupId()));
    }

    void scheduleSession(ClassicGroup group, String memberId, long delayMs, Runnable task) {
        timer.schedule(session(group.groupId(), memberId), delayMs, task);
    }

    void cancelSession(ClassicGroup group, String memberId) {
        timer.cancel(session(group.groupId(), memberId));
    }

    void schedulePending(ClassicGroup group, String memberId, long delayMs, Runnable task) {
        timer.schedule(pending(group.groupId(), memberId), delayMs, task);
    }

    void cancelPending(ClassicGroup group, String memberId) {
        timer.cancel(pending(group.groupId(), memberId));
    }

    private static String rebalance(String groupId) {
        return "classic-rebalance/" + groupId;
    }

    private static String session(String groupId, String memberId) {
        return "classic-session/" + groupId + "/" + memberId;
    }

    private static String pending(String groupId, String memberId) {
        return "classic-pending/" + groupId + "/" + memberId;
    }
}
