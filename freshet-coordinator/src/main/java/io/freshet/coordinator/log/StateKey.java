package io.freshet.coordinator.log;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The key of a state record: what the record is about. The latest record for a key is the state; a tombstone
 * (no value) removes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StateKey.Offset.class, name = "offset"),
    @JsonSubTypes.Type(value = StateKey.Group.class, name = "group"),
    @JsonSubTypes.Type(value = StateKey.PendingOffsets.class, name = "pending-offsets"),
    @JsonSubTypes.Type(value = StateKey.Transaction.class, name = "transaction")
})
public sealed interface StateKey {

    /** The type of the value a record with this key carries (null for a tombstone). */
    Class<?> valueType();

    /** A committed offset of one group for one partition; the value is an {@link OffsetValue}. */
    record Offset(String group, String topic, int partition) implements StateKey {
        @Override
        public Class<?> valueType() {
            return OffsetValue.class;
        }
    }

    /** A group's membership (classic or consumer protocol); the value is a {@link GroupValue}. */
    record Group(String group) implements StateKey {
        @Override
        public Class<?> valueType() {
            return GroupValue.class;
        }
    }

    /**
     * Offsets a transactional producer committed for a group (TxnOffsetCommit) that wait for its transaction to end;
     * the value is a {@link PendingOffsetsValue}. Kept in {@code __consumer_offsets-0}.
     */
    record PendingOffsets(String group, long producerId) implements StateKey {
        @Override
        public Class<?> valueType() {
            return PendingOffsetsValue.class;
        }
    }

    /** A transactional id's state; the value is a {@link TransactionValue}. Kept in {@code __transaction_state-0}. */
    record Transaction(String transactionalId) implements StateKey {
        @Override
        public Class<?> valueType() {
            return TransactionValue.class;
        }
    }
}
