package io.freshet.coordinator.share;

/**
 * The share coordinator's broker settings, under Kafka's property names.
 *
 * @param partitionMaxRecordLocks group.share.partition.max.record.locks: records of one share partition acquired
 *                                at once, over all members (Kafka 4.4's default 2000), for a group whose settings
 *                                do not say (share.partition.max.record.locks); an acquire takes no more
 * @param checkpointBytes         bytes written to {@code __share_group_state-0} before the live state is written
 *                                again and the older records dropped
 */
public record ShareCoordinatorConfig(int partitionMaxRecordLocks, long checkpointBytes) {

    public static final int DEFAULT_PARTITION_MAX_RECORD_LOCKS = 2000;

    public static ShareCoordinatorConfig defaults() {
        return new ShareCoordinatorConfig(DEFAULT_PARTITION_MAX_RECORD_LOCKS, 16L << 20);
    }
}
