package io.freshet.coordinator.group;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * A group's persisted membership: enough for members to carry on after a restart without a rebalance. Transient
 * state (who is waiting for a join response, timers) is not kept; timers restart from the load.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "protocol")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GroupValue.Classic.class, name = "classic"),
    @JsonSubTypes.Type(value = GroupValue.Consumer.class, name = "consumer"),
    @JsonSubTypes.Type(value = GroupValue.Share.class, name = "share")
})
public sealed interface GroupValue {

    /**
     * A classic group after a rebalance completed (or when it became empty).
     *
     * @param protocolType for example "consumer" or "connect"; null when the group never had members
     * @param protocolName the chosen assignor, for example "range"; null when empty
     */
    record Classic(String protocolType, int generation, String protocolName, String leader,
                   List<ClassicMember> members) implements GroupValue {
    }

    /** One member of a classic group; metadata and assignment are the client's opaque bytes. */
    record ClassicMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                         int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] metadata, byte[] assignment) {
    }

    /**
     * A group of the KIP-848 consumer protocol.
     *
     * @param groupEpoch      bumped whenever membership, subscriptions or the subscribed topics' partitions change
     * @param assignmentEpoch the group epoch the target assignment was computed for
     * @param topicPartitions the subscribed topics and their partition counts when the group epoch was last bumped:
     *                        kept so that a restart does not mistake unchanged topics for a change (a rebalance)
     */
    record Consumer(int groupEpoch, int assignmentEpoch, List<ConsumerMember> members,
                    java.util.Map<String, Integer> topicPartitions) implements GroupValue {
    }

    /**
     * One member of a consumer-protocol group.
     *
     * @param memberEpoch         -2 for a static member that left for a while and keeps its partitions
     * @param previousMemberEpoch the epoch before the last bump: a heartbeat carrying it is still accepted (the
     *                            response with the new epoch may have been lost)
     * @param assigned            the partitions the member owns now (topic name -> partitions)
     * @param revoking            partitions the member was told to give up and has not yet reported released
     * @param target              the partitions the server-side assignor gives it at {@code assignmentEpoch}
     */
    record ConsumerMember(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                          int memberEpoch, int previousMemberEpoch, int rebalanceTimeoutMs,
                          List<String> subscribedTopicNames, String subscribedTopicRegex, String serverAssignor,
                          java.util.Map<String, List<Integer>> assigned,
                          java.util.Map<String, List<Integer>> revoking,
                          java.util.Map<String, List<Integer>> target) {
    }

    /**
     * A share group (KIP-932): members, what each is assigned, and the epochs. No reconciliation state: a share
     * partition may be worked on by several members at once, so an assignment changes without revocation.
     *
     * @param groupEpoch      bumped whenever membership, subscriptions or the subscribed topics' partitions change
     * @param assignmentEpoch the group epoch the members' assignments were computed for
     * @param topicPartitions the subscribed topics and their partition counts at the last epoch bump
     * @param stateTopics     topics the group was ever assigned (or given start offsets) and has not had its offsets
     *                        deleted for: what DescribeShareGroupOffsets lists when asked for every topic
     */
    record Share(int groupEpoch, int assignmentEpoch, List<ShareMember> members,
                 java.util.Map<String, Integer> topicPartitions, List<String> stateTopics) implements GroupValue {
    }

    /**
     * One member of a share group.
     *
     * @param memberEpoch the epoch last sent to the member (its assignment is of that epoch or newer)
     * @param assigned    the partitions it is assigned (topic name -> partitions)
     */
    record ShareMember(String memberId, String rackId, String clientId, String clientHost, int memberEpoch,
                       List<String> subscribedTopicNames, java.util.Map<String, List<Integer>> assigned) {
    }
}
