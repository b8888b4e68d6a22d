package io.freshet.broker.share;

import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.share.ShareLogReader;
import io.freshet.storage.log.PartitionLog;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.Records;

import java.util.ArrayList;
import java.util.List;

/**
 * The share coordinator's view of this broker's partition logs: whole batches up to the high watermark, the log's
 * bounds, offsets by time, and for read_committed groups ({@code share.isolation.level}) the last stable offset and
 * the aborted transactions, as a read_committed Fetch is served them.
 *
 * <p>Stateless and thread-safe: it runs on the share coordinator thread and reads only published log positions.
 * Records come back in memory ({@code MemoryRecords}): the coordinator walks their batch headers to choose what to
 * acquire, and a segment slice cannot be walked without reading it anyway. One read copies at most
 * {@value #MAX_READ_BYTES} bytes (but always one whole batch): an acquisition takes at most MaxRecords, so copying a
 * client's whole fetch.max.bytes (50 MiB by default) of a long backlog would mostly copy bytes nobody sends.
 */
public final class TopicLogsShareReader implements ShareLogReader {

    static final int MAX_READ_BYTES = 1 << 20;

    private final TopicController topics;

    public TopicLogsShareReader(TopicController topics) {
        this.topics = topics;
    }

    @Override
    public Records read(TopicPartition partition, long fromOffset, int maxBytes) {
        return log(partition).read(fromOffset, Math.min(maxBytes, MAX_READ_BYTES), true, false).memoryRecords();
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

    @Override
    public long lastStableOffset(TopicPartition partition) {
        return log(partition).lastStableOffset();
    }

    @Override
    public List<AbortedTransaction> abortedTransactions(TopicPartition partition, long from, long to) {
        List<AbortedTransaction> out = new ArrayList<>();
        for (ProducerStateTable.AbortedTransaction txn : log(partition).abortedTransactions(from, to)) {
            out.add(new AbortedTransaction(txn.producerId(), txn.firstOffset(), txn.lastOffset()));
        }
        return out;
    }

    private PartitionLog log(TopicPartition partition) {
        return topics.log(partition).orElseThrow(() -> new UnknownTopicOrPartitionException(
            "This broker has no partition " + partition));
    }
}
