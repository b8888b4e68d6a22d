/**
 * Share-partition state (KIP-932): per share group and partition, which records are available, acquired (by whom,
 * until when), acknowledged or archived, and their delivery counts; on a
 * {@link io.freshet.coordinator.runtime.CoordinatorRuntime} of its own (thread {@code freshet-share-coordinator},
 * log {@code __share_group_state-0}). Share-group membership is the group coordinator's ({@code group.share});
 * this package never depends on {@code coordinator.group} or {@code coordinator.txn}, the broker wires them.
 */
package io.freshet.coordinator.share;
