package io.freshet.coordinator.group.share;

import static io.freshet.coordinator.group.PartitionMaps.fromMap;
import static io.freshet.coordinator.group.PartitionMaps.toMap;

import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** One member of a share group: its subscription and assignment, and the epoch it was last told. */
final class ShareMember {

    private final String memberId;
    String rackId;
    String clientId = "";
    String clientHost = "";
    /** The epoch last sent to the member; behind the group's assignment epoch until its next heartbeat. */
    int memberEpoch;
    List<String> subscribedTopicNames = List.of();
    /** What the assignor gave it at the group's assignment epoch: share partitions need no revocation first. */
    Set<TopicPartition> assigned = new HashSet<>();

    ShareMember(String memberId) {
        this.memberId = memberId;
    }

    String memberId() {
        return memberId;
    }

    GroupValue.ShareMember toValue() {
        return new GroupValue.ShareMember(memberId, rackId, clientId, clientHost, memberEpoch,
            List.copyOf(subscribedTopicNames), toMap(assigned));
    }

    static ShareMember fromValue(GroupValue.ShareMember value) {
        ShareMember m = new ShareMember(value.memberId());
        m.rackId = value.rackId();
        m.clientId = Objects.requireNonNullElse(value.clientId(), "");
        m.clientHost = Objects.requireNonNullElse(value.clientHost(), "");
        m.memberEpoch = value.memberEpoch();
        m.subscribedTopicNames = value.subscribedTopicNames() == null ? List.of()
            : List.copyOf(value.subscribedTopicNames());
        m.assigned = fromMap(value.assigned());
        return m;
    }
}
