package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.util.OptionalLong;

/**
 * What the cleaner keeps of each batch it rewrites (applied by {@code MemoryRecords.filterTo}, which keeps the
 * offsets of the records it retains):
 * <ul>
 *   <li>control batches (transaction markers): always, whole;</li>
 *   <li>records of aborted transactions and records without a key: never;</li>
 *   <li>a record superseded by a later record of its key: never;</li>
 *   <li>a tombstone (null value): until its delete horizon. filterTo stamps a batch that still holds tombstones
 *       with a delete horizon of now + {@code delete.retention.ms} the first time the cleaner rewrites it, as Kafka
 *       does (KIP-534); a later cleaning after that horizon drops them. So a tombstone lives at least
 *       {@code delete.retention.ms} from when the cleaner first saw it.</li>
 * </ul>
 * The batch ending at {@code lastOffsetToKeep} is kept even if empty (its header alone): the rewritten segment
 * must still end at the same offset, so that the next segment follows it without a gap in the segment map and a
 * restart can tell which old segments an interrupted swap replaces.
 */
final class CompactionFilter extends RecordFilter {

    private final KeyOffsetMap map;
    private final AbortedBatches aborted;
    private final long lastOffsetToKeep;

    CompactionFilter(long nowMs, long deleteRetentionMs, KeyOffsetMap map, AbortedBatches aborted,
                     long lastOffsetToKeep) {
        super(nowMs, deleteRetentionMs);
        this.map = map;
        this.aborted = aborted;
        this.lastOffsetToKeep = lastOffsetToKeep;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        BatchRetention retention = batch.lastOffset() == lastOffsetToKeep
            ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY;
        return new BatchRetentionResult(retention, false);
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (batch.isControlBatch()) {
            return true;
        }
        if (aborted.contains(batch) || !record.hasKey()) {
            return false;
        }
        if (map.latestOffset(record.key()) > record.offset()) {
            return false;
        }
        if (!record.hasValue()) {
            OptionalLong horizon = batch.deleteHorizonMs();
            return horizon.isEmpty() || horizon.getAsLong() > currentTime;
        }
        return true;
    }
}
