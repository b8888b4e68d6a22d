package io.freshet.coordinator.share;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.Records;

import java.util.List;

/**
 * The partition logs as share-partition state reads them; the broker implements it (this module never touches the
 * logs). Called on the share coordinator thread, so every method must be quick and never block on I/O waits beyond
 * a page-cache read.
 */
public interface ShareLogReader {

    /** Whole batches from the one holding {@code fromOffset}, up to {@code maxBytes} (at least one batch), never past the high watermark. */
    Records read(TopicPartition partition, long fromOffset, int maxBytes);

    long logStartOffset(TopicPartition partition);

    /** The high watermark: offsets below it are readable. */
    long logEndOffset(TopicPartition partition);

    /** The first offset whose timestamp is at or after {@code timestampMs}, or the log end (for by_duration resets). */
    long offsetForTimestamp(TopicPartition partition, long timestampMs);

    /**
     * The last stable offset: offsets below it belong to no open transaction (read_committed share groups acquire
     * only those). Added after the first version; the default, for logs without transactions, is the log end.
     */
    default long lastStableOffset(TopicPartition partition) {
        return logEndOffset(partition);
    }

    /**
     * The aborted transactions with records in {@code [from, to)}, for read_committed share groups. Added after the
     * first version; the default is none.
     */
    default List<AbortedTransaction> abortedTransactions(TopicPartition partition, long from, long to) {
        return List.of();
    }

    /**
     * A transaction that was aborted: its producer's transactional batches from {@code firstOffset} to its abort
     * marker at {@code lastOffset} are not records a read_committed reader sees.
     */
    record AbortedTransaction(long producerId, long firstOffset, long lastOffset) {

        boolean covers(long producerId, long offset) {
            return this.producerId == producerId && offset >= firstOffset && offset <= lastOffset;
        }
    }
}
