package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.group.GroupContext;
import org.apache.kafka.common.protocol.Errors;

import java.util.OptionalInt;

/** The per-partition checks an OffsetCommit and a TxnOffsetCommit share. */
final class OffsetCommitChecks {

    private OffsetCommitChecks() {
    }

    /**
     * The error for one partition of a commit: the group's own error if any, then UNKNOWN_TOPIC_OR_PARTITION,
     * then OFFSET_METADATA_TOO_LARGE.
     *
     * @param partitions the topic's partition count, empty when the topic does not exist
     */
    static Errors partitionError(GroupContext context, Errors groupError, OptionalInt partitions, int partition,
                                 String metadata) {
        if (groupError != Errors.NONE) {
            return groupError;
        }
        if (partitions.isEmpty() || partition < 0 || partition >= partitions.getAsInt()) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (metadata.length() > context.config().offsetMetadataMaxBytes()) {
            return Errors.OFFSET_METADATA_TOO_LARGE;
        }
        return Errors.NONE;
    }
}
