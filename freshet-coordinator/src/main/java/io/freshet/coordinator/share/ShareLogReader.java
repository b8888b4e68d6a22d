package io.freshet.coordinator.share;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.Records;

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
}
