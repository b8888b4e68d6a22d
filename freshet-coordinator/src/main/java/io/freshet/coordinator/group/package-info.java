/**
 * The group coordinator: consumer groups (the classic protocol and KIP-848's consumer protocol) and their committed
 * offsets, and share groups' membership (KIP-932), on a {@link io.freshet.coordinator.runtime.CoordinatorRuntime} of its own.
 *
 * <pre>
 *   GroupCoordinator (front door: call() onto freshet-group-coordinator)
 *     ├─ classic/   JoinGroup, SyncGroup, Heartbeat, LeaveGroup
 *     ├─ consumer/  ConsumerGroupHeartbeat, ConsumerGroupDescribe, server-side assignors
 *     ├─ share/     ShareGroupHeartbeat, ShareGroupDescribe, the "simple" assignor, ShareMembership (any thread)
 *     ├─ offsets/   OffsetCommit/Fetch/Delete, TxnOffsetCommit, retention
 *     └─ GroupAdmin ListGroups, DescribeGroups, DeleteGroups
 *   state stores registered with the runtime: OffsetStore (OffsetKey), PendingOffsetStore (PendingOffsetsKey),
 *   GroupRegistry (GroupKey); all replayed from __consumer_offsets-0 (record types: GroupLogFormat)
 * </pre>
 *
 * <p>One thread, {@code freshet-group-coordinator}, owns every group and offset: requests, timers and the completion
 * of writes all run on it, so no state here is shared. A change is applied at once, written, and answered once
 * durable; a failed write is reverted ({@link io.freshet.coordinator.group.GroupRegistry} says how groups are).
 * This package never depends on {@code coordinator.txn} nor {@code coordinator.share}: the transaction coordinator
 * reaches the offsets through its
 * own {@code GroupOffsetsCompletion}, wired by the broker.
 */
package io.freshet.coordinator.group;
