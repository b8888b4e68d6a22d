package io.freshet.coordinator.share;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * The share-partition state of every share group (KIP-932): which records of a partition a group has acquired,
 * acknowledged or archived, and how often each was delivered. What ShareFetch, ShareAcknowledge and the share-group
 * offset APIs act on.
 *
 * <p>One thread ({@code freshet-share-coordinator}) owns all of it; every method may be called from any thread and
 * completes its future on that thread (callers hop back to their own). State is written to the internal log
 * {@code __share_group_state-0} through the coordinator runtime, and a future that reports a state change completes
 * only once that change is durable.
 */
public interface ShareStates extends AutoCloseable {

    /**
     * Acquires available records of one partition for a member, reading the log through {@code reader} from the
     * partition's first available offset. Completes with the batches to send and the acquired ranges (possibly none).
     * Acquired records are locked for the group's {@code share.record.lock.duration.ms}; delivery counts go up.
     */
    CompletableFuture<Acquired> acquire(ShareKey key, String memberId, AcquireLimits limits, ShareLogReader reader);

    /**
     * Applies a member's acknowledgements for one partition (ACCEPT, RELEASE, REJECT, RENEW; GAP for offsets that are
     * not records). Completes once durable with NONE, or with the partition's error: INVALID_RECORD_STATE when a range
     * is not acquired by this member (or its lock expired), INVALID_REQUEST for a malformed batch.
     */
    CompletableFuture<Errors> acknowledge(ShareKey key, String memberId, List<Acknowledgement> batches);

    /** Every record the member holds becomes available again (left the group, fenced, or its connection closed). */
    CompletableFuture<Void> releaseMember(String groupId, String memberId);

    /** The share-partition start offset per partition, or -1 where the group has no state for it. */
    CompletableFuture<Map<TopicPartition, Long>> startOffsets(String groupId, Collection<TopicPartition> partitions);

    /**
     * The durable start offset and the count of records after it already done (acknowledged or archived) per
     * partition, for DescribeShareGroupOffsets v1's Lag (KIP-1226); absent where the group has no state for it.
     * Added after the first version: the default answers from {@link #startOffsets} with no done records.
     */
    default CompletableFuture<Map<TopicPartition, ShareOffsets>> offsets(String groupId,
                                                                         Collection<TopicPartition> partitions) {
        return startOffsets(groupId, partitions).thenApply(starts -> {
            Map<TopicPartition, ShareOffsets> out = new java.util.LinkedHashMap<>();
            starts.forEach((tp, start) -> {
                if (start >= 0) {
                    out.put(tp, new ShareOffsets(start, 0));
                }
            });
            return out;
        });
    }

    /**
     * A share partition's offsets as DescribeShareGroupOffsets reports them.
     *
     * @param startOffset           the share-partition start offset (SPSO)
     * @param deliveryCompleteCount records at or after it that are acknowledged or archived
     */
    record ShareOffsets(long startOffset, long deliveryCompleteCount) {

        /** Records not yet done below {@code highWatermark} (KIP-1226's share-partition lag), never negative. */
        public long lag(long highWatermark) {
            return Math.max(0, highWatermark - startOffset - deliveryCompleteCount);
        }
    }

    /** Moves the start offsets (the caller checked that the group has no members); forgets in-flight state below. */
    CompletableFuture<Map<TopicPartition, Errors>> alterStartOffsets(String groupId, Map<TopicPartition, Long> offsets);

    /** Forgets the group's state for these topics (the caller checked that the group has no members). */
    CompletableFuture<Map<String, Errors>> deleteState(String groupId, Collection<String> topics);

    /** Forgets all state of a deleted group. */
    CompletableFuture<Void> deleteGroup(String groupId);

    /**
     * Called (on the share coordinator thread) when records of a partition may have become available without an
     * append: a release, an expired lock, a backoff or a delivery time that came due. The broker wakes parked
     * ShareFetches on it. One listener; set before the first acquire.
     */
    void onAvailable(AvailabilityListener listener);

    @FunctionalInterface
    interface AvailabilityListener {
        void available(ShareKey key);
    }

    /** Stops serving; the broker calls it once, after its listener closed. */
    @Override
    default void close() {
    }
}
