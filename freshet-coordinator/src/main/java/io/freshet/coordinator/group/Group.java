package io.freshet.coordinator.group;

import org.apache.kafka.common.protocol.Errors;

import java.util.Set;

/**
 * A group of either protocol, as the protocol-neutral parts of the coordinator see it (offsets, listing,
 * deletion). Touched only on the coordinator thread.
 */
public interface Group {

    String groupId();

    GroupType type();

    /** The state name as Kafka reports it: Empty, Stable, PreparingRebalance, Assigning, Reconciling, Dead... */
    String stateName();

    /** No members: the group may be deleted, and offsets may be committed for it by anyone (admin resets). */
    boolean isEmpty();

    /** The protocol type for ListGroups ("consumer" for consumer groups of either protocol). */
    String protocolType();

    /** The topics the group's members are subscribed to (OffsetDelete refuses those while the group is active). */
    Set<String> subscribedTopics();

    /**
     * May this request commit offsets? {@code generationOrMemberEpoch} is the classic generation or, for consumer
     * groups, the member epoch; -1 with an empty member id is a commit from outside the group (admin, assign()).
     */
    Errors validateOffsetCommit(String memberId, String groupInstanceId, int generationOrMemberEpoch,
                                short apiVersion);

    /** May this member fetch offsets? (OffsetFetch v9+ names the member; older versions pass null and -1.) */
    Errors validateOffsetFetch(String memberId, int memberEpoch);

    /** What is written to the internal log for this group now. */
    GroupValue snapshot();
}
