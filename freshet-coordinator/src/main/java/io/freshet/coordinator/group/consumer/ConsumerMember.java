package io.freshet.coordinator.group.consumer;

import static io.freshet.coordinator.group.PartitionMaps.fromMap;
import static io.freshet.coordinator.group.PartitionMaps.toMap;

import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One member of a consumer-protocol group: what it subscribes to and where it is in reconciliation. */
final class ConsumerMember {

    /** The epoch of a static member that left for a while (heartbeat epoch -2): it keeps its partitions. */
    static final int LEFT_TEMPORARILY = -2;

    private final String memberId;
    private final String instanceId;
    String rackId;
    String clientId = "";
    String clientHost = "";
    int memberEpoch;
    int previousMemberEpoch;
    int rebalanceTimeoutMs;
    List<String> subscribedTopicNames = List.of();
    String subscribedTopicRegex;
    String serverAssignor;
    /** Partitions the member may use now. */
    Set<TopicPartition> assigned = new HashSet<>();
    /** Partitions the member was told to give up; nobody else gets them until it reports them released. */
    Set<TopicPartition> revoking = new HashSet<>();
    /** What the assignor gives the member at the group's assignment epoch. */
    Set<TopicPartition> target = new HashSet<>();

    ConsumerMember(String memberId, String instanceId) {
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    String memberId() {
        return memberId;
    }

    String instanceId() {
        return instanceId;
    }

    boolean isStatic() {
        return instanceId != null;
    }

    boolean leftTemporarily() {
        return memberEpoch == LEFT_TEMPORARILY;
    }

    /** Partitions nobody else may be given yet: owned, or being revoked. */
    Set<TopicPartition> held() {
        Set<TopicPartition> held = new HashSet<>(assigned);
        held.addAll(revoking);
        return held;
    }

    /** The member rejoined with epoch 0: the client has dropped its partitions and starts over. */
    void resetForRejoin() {
        memberEpoch = 0;
        previousMemberEpoch = 0;
        assigned = new HashSet<>();
        revoking = new HashSet<>();
    }

    /**
     * A static member's new incarnation takes over where the old one left: partitions, epoch, target and
     * subscription (so that an unchanged subscription does not cause a rebalance).
     */
    void takeOver(ConsumerMember old) {
        subscribedTopicNames = old.subscribedTopicNames;
        subscribedTopicRegex = old.subscribedTopicRegex;
        serverAssignor = old.serverAssignor;
        rackId = old.rackId;
        rebalanceTimeoutMs = old.rebalanceTimeoutMs;
        memberEpoch = old.leftTemporarily() ? old.previousMemberEpoch : old.memberEpoch;
        previousMemberEpoch = memberEpoch;
        assigned = new HashSet<>(old.assigned);
        revoking = new HashSet<>(old.revoking);
        target = new HashSet<>(old.target);
    }

    /** Whether the subscription (names or regex) differs from the given values (null = unchanged). */
    boolean subscriptionDiffers(List<String> names, String regex) {
        return (names != null && !new HashSet<>(names).equals(new HashSet<>(subscribedTopicNames)))
            || (regex != null && !Objects.equals(regex.isEmpty() ? null : regex, subscribedTopicRegex));
    }

    GroupValue.ConsumerMember toValue() {
        return new GroupValue.ConsumerMember(memberId, instanceId, rackId, clientId, clientHost, memberEpoch,
            previousMemberEpoch, rebalanceTimeoutMs, List.copyOf(subscribedTopicNames), subscribedTopicRegex,
            serverAssignor, toMap(assigned), toMap(revoking), toMap(target));
    }

    static ConsumerMember fromValue(GroupValue.ConsumerMember value) {
        ConsumerMember m = new ConsumerMember(value.memberId(), value.instanceId());
        m.rackId = value.rackId();
        m.clientId = Objects.requireNonNullElse(value.clientId(), "");
        m.clientHost = Objects.requireNonNullElse(value.clientHost(), "");
        m.memberEpoch = value.memberEpoch();
        m.previousMemberEpoch = value.previousMemberEpoch();
        m.rebalanceTimeoutMs = value.rebalanceTimeoutMs();
        m.subscribedTopicNames = value.subscribedTopicNames() == null ? List.of()
            : List.copyOf(value.subscribedTopicNames());
        m.subscribedTopicRegex = value.subscribedTopicRegex();
        m.serverAssignor = value.serverAssignor();
        m.assigned = fromMap(value.assigned());
        m.revoking = fromMap(value.revoking());
        m.target = fromMap(value.target());
        return m;
    }
}
