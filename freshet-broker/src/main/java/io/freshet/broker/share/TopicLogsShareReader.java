package io.freshet.broker.share;

import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.share.ShareLogReader;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.Records;

/**
 * The share coordinator's view of this broker's partition logs: whole batches up to the high watermark (share
 * groups read uncommitted, Kafka's default {@code share.isolation.level}), the log's bounds, offsets by time.
 *
 * <p>Stateless and thread-safe: it runs on the share coordinator thread and reads only published log positions.
 * Records come back in memory ({@code MemoryRecords}): the coordinator walks their batch headers to choose what to
 * acquire, and a segment slice cannot be walked without reading it anyway.
 */
public final class TopicLogsShareReader implements ShareLogReader {

    private final TopicController topics;

    public TopicLogsShareReader(TopicController topics) {
        this.topics = topics;
    }

    @Override
    public Records read(TopicPartition partition, long fromOffset, int maxBytes) {
        return log(partition).read(fromOffset, maxBytes, true, false).memoryRecords();
    }

    @Override
    public long logStartOffset(TopicPartition partition) {
        return log(partition).logStartOffset();
    }

    @Override
    public long logEndOffset(TopicPartition partition) {
        return log(partition).highWatermark();
    }

    @Override
    public long offsetForTimestamp(TopicPartition partition, long timestampMs) {
        PartitionLog log = log(partition);
        return log.offsetForTimestamp(timestampMs).map(found -> found.offset)
            .orElseGet(log::highWatermark);
    }

    private PartitionLog log(TopicPartition partition) {
        return topics.log(partition).orElseThrow(() -> new UnknownTopicOrPartitionException(
            "This broker has no partition " + partition));
    }
}
