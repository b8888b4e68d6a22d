package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupType;
import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A KIP-848 consumer group: its epochs, its members and the subscribed topics' sizes. Coordinator thread only. */
final class ConsumerGroup implements Group {

    /** The oldest OffsetCommit version that carries a member epoch (v9, KIP-848). */
    private static final short FIRST_COMMIT_VERSION_WITH_MEMBER_EPOCH = 9;

    private final String groupId;
    private final Map<String, ConsumerMember> members = new LinkedHashMap<>();
    int groupEpoch;
    int assignmentEpoch;
    /** Subscribed topics and partition counts at the last epoch bump: a change of either means a new assignment. */
    Map<String, Integer> topicPartitions = new TreeMap<>();

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CONSUMER;
    }

    @Override
    public String stateName() {
        if (members.isEmpty()) {
            return "Empty";
        }
        if (groupEpoch > assignmentEpoch) {
            return "Assigning";
        }
        for (ConsumerMember m : members.values()) {
            if (!m.leftTemporarily() && (m.memberEpoch != assignmentEpoch || !m.revoking.isEmpty()
                || !m.assigned.equals(m.target))) {
                return "Reconciling";
            }
        }
        return "Stable";
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public String protocolType() {
        return "consumer";
    }

    @Override
    public Set<String> subscribedTopics() {
        Set<String> topics = new HashSet<>(topicPartitions.keySet());
        members.values().forEach(m -> topics.addAll(m.subscribedTopicNames));
        return topics;
    }

    @Override
    public Errors validateOffsetCommit(String memberId, String groupInstanceId, int generationOrMemberEpoch,
                                       short apiVersion) {
        if ((memberId == null || memberId.isEmpty()) && generationOrMemberEpoch < 0) {
            // A commit from outside the group (admin reset, assign()): it would race with the members' own.
            return members.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        ConsumerMember member = memberId == null ? null : members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (apiVersion < FIRST_COMMIT_VERSION_WITH_MEMBER_EPOCH) {
            return Errors.UNSUPPORTED_VERSION; // older versions carry a classic generation, not a member epoch
        }
        return generationOrMemberEpoch == member.memberEpoch ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    @Override
    public Errors validateOffsetFetch(String memberId, int memberEpoch) {
        if (memberId == null || memberEpoch == -1) {
            return Errors.NONE;
        }
        ConsumerMember member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch == member.memberEpoch ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    @Override
    public GroupValue.Consumer snapshot() {
        List<GroupValue.ConsumerMember> values = new ArrayList<>();
        members.values().forEach(m -> values.add(m.toValue()));
        return new GroupValue.Consumer(groupEpoch, assignmentEpoch, values, new TreeMap<>(topicPartitions));
    }

    static ConsumerGroup fromValue(String groupId, GroupValue.Consumer value) {
        ConsumerGroup group = new ConsumerGroup(groupId);
        group.groupEpoch = value.groupEpoch();
        group.assignmentEpoch = value.assignmentEpoch();
        if (value.topicPartitions() != null) {
            group.topicPartitions = new TreeMap<>(value.topicPartitions());
        }
        if (value.members() != null) {
            value.members().forEach(m -> group.add(ConsumerMember.fromValue(m)));
        }
        return group;
    }

    ConsumerMember member(String memberId) {
        return members.get(memberId);
    }

    /** The member holding this static instance id, or null. */
    ConsumerMember staticMember(String instanceId) {
        for (ConsumerMember m : members.values()) {
            if (instanceId.equals(m.instanceId())) {
                return m;
            }
        }
        return null;
    }

    Collection<ConsumerMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    void add(ConsumerMember member) {
        members.put(member.memberId(), member);
    }

    void remove(String memberId) {
        members.remove(memberId);
    }

    void bumpEpoch() {
        groupEpoch++;
    }

    /** Which member holds each partition (owns it or is revoking it), for partitions not yet free. */
    Map<TopicPartition, String> holders() {
        Map<TopicPartition, String> holders = new HashMap<>();
        members.values().forEach(m -> m.held().forEach(tp -> holders.put(tp, m.memberId())));
        return holders;
    }

    /**
     * The assignor the members asked for: the most requested one (ties: the earlier in the configured order),
     * or null when nobody asked (the default).
     */
    String preferredAssignor(List<String> configuredOrder) {
        Map<String, Integer> votes = new HashMap<>();
        members.values().forEach(m -> {
            if (m.serverAssignor != null) {
                votes.merge(m.serverAssignor, 1, Integer::sum);
            }
        });
        String best = null;
        for (String name : configuredOrder) {
            if (votes.getOrDefault(name, 0) > votes.getOrDefault(best, 0)) {
                best = name;
            }
        }
        return best;
    }
}
