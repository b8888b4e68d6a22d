package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.runtime.StateKey;

/**
 * Offsets a transactional producer committed for a group (TxnOffsetCommit) that wait for its transaction to end;
 * the value is a {@link PendingOffsetsValue}. JSON type "pending-offsets".
 */
public record PendingOffsetsKey(String group, long producerId) implements StateKey {
}
