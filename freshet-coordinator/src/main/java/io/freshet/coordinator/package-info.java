/**
 * The group coordinator: consumer groups (the classic protocol and KIP-848's consumer protocol) and their
 * committed offsets.
 *
 * <p>One thread, {@code freshet-group-coordinator}, owns every group and offset: requests, timers and the
 * completion of writes all run on it ({@link io.freshet.coordinator.GroupCoordinator}), so no state here is
 * shared. Every change is written to the internal log {@code __consumer_offsets-0} on the storage engine
 * ({@link io.freshet.coordinator.log}) and answered once that write is fsynced; a restart replays the log.
 */
package io.freshet.coordinator;
