/**
 * Share groups (KIP-932) on the group coordinator: membership only.
 * {@link io.freshet.coordinator.group.share.ShareGroups} answers ShareGroupHeartbeat and ShareGroupDescribe, assigns
 * partitions with the "simple" assignor ({@link io.freshet.coordinator.group.share.SimpleAssignor}: more members than
 * partitions all get work), fences
 * members whose session runs out, and writes every change of a group to {@code __consumer_offsets-0} like a KIP-848
 * group. Which records a member holds is not kept here but in the share coordinator
 * ({@code io.freshet.coordinator.share}); this package never imports it. The broker wires the two: it passes
 * {@link io.freshet.coordinator.group.share.ShareGroupListener} events (member removed, group deleted) on to the share
 * coordinator and gives ShareFetch the thread-safe {@link io.freshet.coordinator.group.share.ShareMembership} view.
 * Group coordinator thread only, except {@code ShareMembership}.
 */
package io.freshet.coordinator.group.share;
