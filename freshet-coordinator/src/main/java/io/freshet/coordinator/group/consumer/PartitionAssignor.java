package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;

/**
 * A server-side assignor of KIP-848: computes the target assignment of a whole group from the members'
 * subscriptions. Pure function of its input, so that every member sees the same result for the same group epoch.
 */
interface PartitionAssignor {

    /** The name clients pick it by (group.remote.assignor / serverAssignor) and group.consumer.assignors lists. */
    String name();

    /**
     * @return every member's target partitions (a member with nothing to do maps to an empty set)
     */
    Map<String, Set<TopicPartition>> assign(AssignmentSpec spec);
}
