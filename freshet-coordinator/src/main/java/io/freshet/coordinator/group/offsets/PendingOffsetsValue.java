package io.freshet.coordinator.group.offsets;

import java.util.List;

/**
 * The offsets one transactional producer committed for one group in its open transaction: the whole set is
 * written again on each TxnOffsetCommit, so the latest record is complete. Applied (commit) or dropped (abort)
 * when the transaction coordinator ends the transaction.
 */
public record PendingOffsetsValue(List<Entry> offsets) {

    /** One partition's pending offset, as OffsetCommit would store it. */
    public record Entry(String topic, int partition, long offset, int leaderEpoch, String metadata,
                        long commitTimestampMs) {
    }
}
