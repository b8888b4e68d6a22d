package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Moves one member a step towards its target assignment, never letting two members hold a partition at once:
 * <ol>
 *   <li>partitions it has that the target takes away are revoked first; its epoch stays until the member reports
 *       (in its owned partitions) that it released them;</li>
 *   <li>then its epoch advances to the assignment epoch and it gets the target partitions that are free; those
 *       still held by a member that has not released them follow on a later heartbeat.</li>
 * </ol>
 */
final class Reconciler {

    private Reconciler() {
    }

    /**
     * @param owned      the partitions the member reported owning in this heartbeat; null when it did not say
     * @param holders    partition -> member holding it (owning or revoking), for the whole group
     */
    static void reconcile(ConsumerMember member, int assignmentEpoch, Set<TopicPartition> owned,
                          Map<TopicPartition, String> holders) {
        if (!member.revoking.isEmpty()) {
            if (owned == null || owned.stream().anyMatch(member.revoking::contains)) {
                return; // still releasing: nothing new until it has
            }
            member.revoking = new HashSet<>();
        }
        Set<TopicPartition> revoke = new HashSet<>(member.assigned);
        revoke.removeAll(member.target);
        if (!revoke.isEmpty()) {
            member.assigned.removeAll(revoke);
            member.revoking = revoke;
            return;
        }
        for (TopicPartition tp : member.target) {
            String holder = holders.get(tp);
            if (holder == null || holder.equals(member.memberId())) {
                member.assigned.add(tp);
            }
        }
        if (member.memberEpoch != assignmentEpoch) {
            member.previousMemberEpoch = member.memberEpoch;
            member.memberEpoch = assignmentEpoch;
        }
    }
}
