/**
 * Share-partition state (KIP-932): per share group and partition, which records are available, acquired (by whom,
 * until when), acknowledged or archived, and their delivery counts; on a
 * {@link io.freshet.coordinator.runtime.CoordinatorRuntime} of its own (thread {@code freshet-share-coordinator},
 * log {@code __share_group_state-0}). Share-group membership is the group coordinator's ({@code group.share});
 * this package never depends on {@code coordinator.group} or {@code coordinator.txn}, the broker wires them.
 *
 * <pre>
 *   ShareStates (the broker's view) ── ShareCoordinator   hops calls onto the thread
 *       ├─ ShareStateStore ── SharePartition ── InFlightWindow ── InFlightRange   the state, by (group, topic, partition)
 *       │                          └─ Acquisition ── DeliveryTimes             one acquire; freshet.deliver.at headers
 *       ├─ ShareWrites      snapshot written, timers set, listener told, DeadLetters once durable
 *       ├─ PartitionTimers  one timer per share partition: lock expiry, end of a backoff or delivery time
 *       └─ ShareOffsetsAdmin  start offsets, Alter/Delete offsets, group deletion
 *   on disk: SharePartitionKey -> ShareSnapshot (JSON, ShareLogFormat), the latest per key wins
 * </pre>
 */
package io.freshet.coordinator.share;
