/**
 * KIP-848 consumer groups: the heartbeat ({@link io.freshet.coordinator.group.consumer.ConsumerGroups}), the
 * server-side assignors, reconciliation (a partition moves only once its owner released it), member timers
 * ({@link io.freshet.coordinator.group.consumer.MemberTimers}) and ConsumerGroupDescribe from the committed view.
 * Every change of a group is written in the heartbeat that made it; if the write fails the group is rebuilt from its
 * previous record. Group coordinator thread only.
 */
package io.freshet.coordinator.group.consumer;
