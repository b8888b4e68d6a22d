package io.freshet.coordinator.group.share;

import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.group.GroupType;
import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A share group: its epochs, members and the topics it has share-partition state for. Coordinator thread only. */
final class ShareGroup implements Group {

    private final String groupId;
    private final Map<String, ShareMember> members = new LinkedHashMap<>();
    int groupEpoch;
    int assignmentEpoch;
    /** Subscribed topics and partition counts at the last epoch bump: a change of either means a new assignment. */
    Map<String, Integer> topicPartitions = new TreeMap<>();
    /** Topics assigned at some point (or given start offsets) whose share offsets were not deleted since. */
    Set<String> stateTopics = new TreeSet<>();

    ShareGroup(String groupId) {
        this.groupId = groupId;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.SHARE;
    }

    /** Kafka's share group states: Empty without members, Stable with (Dead is a group that does not exist). */
    @Override
    public String stateName() {
        return members.isEmpty() ? "Empty" : "Stable";
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public String protocolType() {
        return "share";
    }

    @Override
    public Set<String> subscribedTopics() {
        Set<String> topics = new HashSet<>(topicPartitions.keySet());
        members.values().forEach(m -> topics.addAll(m.subscribedTopicNames));
        return topics;
    }

    /** A share group has no committed offsets: OffsetCommit to it is refused as Kafka does. */
    @Override
    public Errors validateOffsetCommit(String memberId, String groupInstanceId, int generationOrMemberEpoch,
                                       short apiVersion) {
        return Errors.GROUP_ID_NOT_FOUND;
    }

    @Override
    public Errors validateOffsetFetch(String memberId, int memberEpoch) {
        return Errors.GROUP_ID_NOT_FOUND;
    }

    ShareMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<ShareMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    void add(ShareMember member) {
        members.put(member.memberId(), member);
    }

    void remove(String memberId) {
        members.remove(memberId);
    }

    void bumpEpoch() {
        groupEpoch++;
    }

    @Override
    public GroupValue.Share snapshot() {
        List<GroupValue.ShareMember> values = new ArrayList<>();
        members.values().forEach(m -> values.add(m.toValue()));
        return new GroupValue.Share(groupEpoch, assignmentEpoch, values, new TreeMap<>(topicPartitions),
            List.copyOf(stateTopics));
    }

    static ShareGroup fromValue(String groupId, GroupValue.Share value) {
        ShareGroup group = new ShareGroup(groupId);
        group.groupEpoch = value.groupEpoch();
        group.assignmentEpoch = value.assignmentEpoch();
        if (value.topicPartitions() != null) {
            group.topicPartitions = new TreeMap<>(value.topicPartitions());
        }
        if (value.stateTopics() != null) {
            group.stateTopics = new TreeSet<>(value.stateTopics());
        }
        if (value.members() != null) {
            value.members().forEach(m -> group.add(ShareMember.fromValue(m)));
        }
        return group;
    }
}
