package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.runtime.CoordinatorTimer;

/**
 * A KIP-848 member's timers on the coordinator's {@link CoordinatorTimer}: its session (restarted by each
 * heartbeat) and, while it holds partitions it was told to give up, its revocation deadline. Either fences the
 * member. The tasks name the group and member by id, so they act on whatever group object is registered when they
 * fire (a revert may have replaced it) and do nothing for a member that is gone. Coordinator thread only.
 */
final class MemberTimers {

    /** What a timer does when it fires. */
    @FunctionalInterface
    interface Fence {
        void fence(String groupId, String memberId, String reason);
    }

    private final CoordinatorTimer timer;
    private final int sessionTimeoutMs;
    private final Fence fence;

    MemberTimers(CoordinatorTimer timer, int sessionTimeoutMs, Fence fence) {
        this.timer = timer;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.fence = fence;
    }

    /** A full group.consumer.session.timeout.ms from now. */
    void startSession(ConsumerGroup group, ConsumerMember member) {
        String groupId = group.groupId();
        String memberId = member.memberId();
        timer.schedule(session(groupId, memberId), sessionTimeoutMs, () -> fence.fence(groupId, memberId,
            "no heartbeat within group.consumer.session.timeout.ms (" + sessionTimeoutMs + " ms)"));
    }

    /** A member told to revoke has its rebalance timeout to report the partitions released. */
    void updateRevocation(ConsumerGroup group, ConsumerMember member) {
        String name = revocation(group.groupId(), member.memberId());
        if (member.revoking.isEmpty()) {
            timer.cancel(name);
        } else if (!timer.isScheduled(name)) {
            String groupId = group.groupId();
            String memberId = member.memberId();
            int timeoutMs = member.rebalanceTimeoutMs;
            timer.schedule(name, timeoutMs, () -> fence.fence(groupId, memberId,
                "partitions not released within its rebalance timeout (" + timeoutMs + " ms)"));
        }
    }

    void cancel(ConsumerGroup group, ConsumerMember member) {
        timer.cancel(session(group.groupId(), member.memberId()));
        timer.cancel(revocation(group.groupId(), member.memberId()));
    }

    private static String session(String groupId, String memberId) {
        return "consumer-session/" + groupId + "/" + memberId;
    }

    private static String revocation(String groupId, String memberId) {
        return "consumer-revocation/" + groupId + "/" + memberId;
    }
}
