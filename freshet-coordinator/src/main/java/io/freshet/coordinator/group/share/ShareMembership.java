package io.freshet.coordinator.group.share;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which share group, readable from any thread: the view ShareFetch, ShareAcknowledge and the share-group
 * offset APIs check membership and emptiness against without a hop onto the group coordinator thread. Only the group
 * coordinator thread publishes (after every change of a share group); readers see each group's latest published
 * snapshot, immutable, so a read is one map lookup.
 *
 * <p>A snapshot is published when a change is applied, which is before it is durable (as the coordinator's own
 * state is); if that write fails the group is rebuilt from its previous record and published again.
 */
public final class ShareMembership {

    /** One share group as last published. */
    public record Snapshot(String groupId, int groupEpoch, Map<String, Set<TopicPartition>> assignments,
                           Set<String> stateTopics) {

        public boolean isEmpty() {
            return assignments.isEmpty();
        }
    }

    private final Map<String, Snapshot> groups = new ConcurrentHashMap<>();

    /** Whether {@code memberId} is a member of share group {@code groupId} now. */
    public boolean isMember(String groupId, String memberId) {
        Snapshot group = groups.get(groupId);
        return group != null && group.assignments().containsKey(memberId);
    }

    /** The partitions assigned to a member, empty when it is not a member. */
    public Optional<Set<TopicPartition>> assignment(String groupId, String memberId) {
        Snapshot group = groups.get(groupId);
        return group == null ? Optional.empty() : Optional.ofNullable(group.assignments().get(memberId));
    }

    /** The share group, empty when no share group has this id. */
    public Optional<Snapshot> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    void publish(ShareGroup group) {
        Map<String, Set<TopicPartition>> assignments = new java.util.HashMap<>();
        group.members().forEach(m -> assignments.put(m.memberId(), Set.copyOf(m.assigned)));
        groups.put(group.groupId(), new Snapshot(group.groupId(), group.groupEpoch, Map.copyOf(assignments),
            Set.copyOf(group.stateTopics)));
    }

    void remove(String groupId) {
        groups.remove(groupId);
    }
}
