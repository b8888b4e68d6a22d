package io.freshet.coordinator.share;

import java.util.List;

import org.apache.kafka.common.record.internal.Records;

/**
 * What one acquire took: the record batches that hold the acquired records (whole batches; the client keeps only
 * the acquired offsets) and the acquired ranges, in offset order.
 *
 * @param records        batches to send; {@code MemoryRecords.EMPTY} when nothing was acquired
 * @param ranges         acquired offsets with their delivery counts
 * @param lockDurationMs the group's record lock duration: ShareFetch's AcquisitionLockTimeoutMs
 */
public record Acquired(Records records, List<AcquiredRange> ranges, int lockDurationMs) {

    /** First and last offset (inclusive) acquired, delivered for the {@code deliveryCount}th time. */
    public record AcquiredRange(long firstOffset, long lastOffset, short deliveryCount) {
    }
}
