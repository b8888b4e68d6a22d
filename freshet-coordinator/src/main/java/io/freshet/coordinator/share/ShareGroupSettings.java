package io.freshet.coordinator.share;

/**
 * A share group's settings: Kafka 4.4's group configs (set with IncrementalAlterConfigs on a GROUP resource, else the
 * broker's {@code group.share.*} defaults) and Freshet's own release backoff.
 *
 * @param autoOffsetReset          share.auto.offset.reset: "latest" (default), "earliest" or "by_duration:PnDTnHnMn.nS"
 * @param recordLockDurationMs     share.record.lock.duration.ms
 * @param deliveryCountLimit       share.delivery.count.limit
 * @param renewAcknowledgeEnable   share.renew.acknowledge.enable: whether RENEW is accepted
 * @param deadLetterTopic          errors.deadletterqueue.topic.name, or null for none
 * @param deadLetterCopyRecord     errors.deadletterqueue.copy.record.enable
 * @param releaseBackoffMs         freshet.share.release.backoff.ms: a RELEASEd record is available again only after
 *                                 this, doubled for each further delivery (0: at once, as Kafka)
 * @param releaseBackoffMaxMs      freshet.share.release.backoff.max.ms: the most a backoff grows to
 * @param partitionMaxRecordLocks  share.partition.max.record.locks: records of one share partition acquired at once
 *                                 (and left waiting for a delivery time); 0: the share coordinator's broker default
 *                                 (group.share.partition.max.record.locks). Added after the first version.
 * @param readCommitted            share.isolation.level=read_committed: only records below the last stable offset
 *                                 are acquired and records of aborted transactions are archived (default
 *                                 read_uncommitted: false). Added after the second version.
 */
public record ShareGroupSettings(String autoOffsetReset, int recordLockDurationMs, int deliveryCountLimit,
                                 boolean renewAcknowledgeEnable, String deadLetterTopic, boolean deadLetterCopyRecord,
                                 long releaseBackoffMs, long releaseBackoffMaxMs, int partitionMaxRecordLocks,
                                 boolean readCommitted) {

    /** The settings of the second version: read_uncommitted. */
    public ShareGroupSettings(String autoOffsetReset, int recordLockDurationMs, int deliveryCountLimit,
                              boolean renewAcknowledgeEnable, String deadLetterTopic, boolean deadLetterCopyRecord,
                              long releaseBackoffMs, long releaseBackoffMaxMs, int partitionMaxRecordLocks) {
        this(autoOffsetReset, recordLockDurationMs, deliveryCountLimit, renewAcknowledgeEnable, deadLetterTopic,
            deadLetterCopyRecord, releaseBackoffMs, releaseBackoffMaxMs, partitionMaxRecordLocks, false);
    }

    /** The settings of the first version: the record-lock limit is the broker's default. */
    public ShareGroupSettings(String autoOffsetReset, int recordLockDurationMs, int deliveryCountLimit,
                              boolean renewAcknowledgeEnable, String deadLetterTopic, boolean deadLetterCopyRecord,
                              long releaseBackoffMs, long releaseBackoffMaxMs) {
        this(autoOffsetReset, recordLockDurationMs, deliveryCountLimit, renewAcknowledgeEnable, deadLetterTopic,
            deadLetterCopyRecord, releaseBackoffMs, releaseBackoffMaxMs, 0, false);
    }

    /** Kafka 4.4's defaults, no dead-letter topic, no backoff, read_uncommitted. */
    public static ShareGroupSettings defaults() {
        return new ShareGroupSettings("latest", 30_000, 5, false, null, false, 0, 60_000, 0, false);
    }

    /** Where the share coordinator reads a group's current settings; thread-safe, cheap, called often. */
    @FunctionalInterface
    public interface Source {
        ShareGroupSettings settings(String groupId);
    }
}
