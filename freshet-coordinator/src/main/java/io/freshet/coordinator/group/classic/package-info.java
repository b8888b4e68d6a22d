/**
 * The classic group protocol (JoinGroup/SyncGroup with client-side assignors, static membership, KIP-394 member
 * ids): {@link io.freshet.coordinator.group.classic.ClassicGroups} decides what a request does,
 * {@link io.freshet.coordinator.group.classic.ClassicRebalancer} moves a group through its states, and
 * {@link io.freshet.coordinator.group.classic.ClassicTimers} names the session, rebalance and pending-member timers.
 *
 * <pre>
 *   Empty ─join─> PreparingRebalance ─all joined / timeout─> CompletingRebalance ─leader's SyncGroup─> Stable
 *                        ^                                        │ assignment written; failed: SyncGroup gets
 *                        └──────── member joins, leaves, times out ┘ COORDINATOR_NOT_AVAILABLE, rebalance
 * </pre>
 * A group's record is written when a generation's assignment is set and when the group becomes empty; parked
 * requests and timers are not persisted. Group coordinator thread only.
 */
package io.freshet.coordinator.group.classic;
