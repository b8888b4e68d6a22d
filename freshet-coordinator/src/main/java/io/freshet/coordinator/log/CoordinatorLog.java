package io.freshet.coordinator.log;

import io.freshet.storage.log.LogConfig;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A coordinator's state on disk: partition {@code __consumer_offsets-0} (groups) or {@code __transaction_state-0}
 * (transactions), one ordinary partition log of record
 * batches whose records are {@link StateRecord}s. Not in the topic catalog, so clients can neither see nor
 * write it. Called only from the coordinator thread.
 *
 * <p>Without compaction the log would grow with every commit. Instead, once it holds {@link #checkpointBytes}
 * since the last checkpoint, the coordinator writes its whole live state again ({@link #checkpoint}) and, once that
 * is durable, moves the log start offset to it: everything before is then superseded and its segments are
 * deleted. A crash in between leaves old records before the new ones, which replay in order to the same state.
 */
public final class CoordinatorLog {

    /** The group coordinator's partition. */
    public static final TopicPartition PARTITION = new TopicPartition("__consumer_offsets", 0);
    /** The transaction coordinator's partition. */
    public static final TopicPartition TRANSACTIONS = new TopicPartition("__transaction_state", 0);
    /** Records per batch when writing many (a checkpoint), to stay far below max.message.bytes. */
    private static final int RECORDS_PER_BATCH = 500;
    private static final int READ_BYTES = 4 << 20;

    private final PartitionLog log;
    private final StateRecordCodec codec = new StateRecordCodec();
    private final Time time;
    private final long checkpointBytes;
    private long checkpointStartBytes;

    private CoordinatorLog(PartitionLog log, Time time, long checkpointBytes) {
        this.log = log;
        this.time = time;
        this.checkpointBytes = checkpointBytes;
        this.checkpointStartBytes = log.sizeInBytes();
    }

    /** Opens (recovering, or creating) the internal partition; never deleted by time or size. */
    public static CoordinatorLog open(LogStore store, Time time, long checkpointBytes) {
        return open(store, PARTITION, time, checkpointBytes);
    }

    /** Opens another coordinator's internal partition (the transaction coordinator's). */
    public static CoordinatorLog open(LogStore store, TopicPartition partition, Time time, long checkpointBytes) {
        LogConfig config = LogConfig.defaults().withOverrides(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
            TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 << 20),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(8 << 20),
            TopicConfig.COMPRESSION_TYPE_CONFIG, "producer"));
        return new CoordinatorLog(store.openLog(partition, config), time, checkpointBytes);
    }

    /** Reads every record from the log start, in order. Runs before the coordinator serves anything. */
    public int replay(Consumer<StateRecord> apply) {
        int count = 0;
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            MemoryRecords records = log.read(offset, READ_BYTES, true).memoryRecords();
            long next = offset;
            for (RecordBatch batch : records.batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset) {
                        apply.accept(codec.decode(Utils.toNullableArray(record.key()),
                            Utils.toNullableArray(record.value())));
                        count++;
                    }
                }
                next = batch.nextOffset();
            }
            if (next <= offset) {
                break; // nothing readable below the end (cannot happen for a recovered log)
            }
            offset = next;
        }
        return count;
    }

    /** Appends the records (in batches); the future completes once they are fsynced. */
    public CompletableFuture<Void> write(List<StateRecord> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long last = -1;
        long now = time.milliseconds();
        for (int from = 0; from < records.size(); from += RECORDS_PER_BATCH) {
            List<StateRecord> chunk = records.subList(from, Math.min(records.size(), from + RECORDS_PER_BATCH));
            SimpleRecord[] simple = new SimpleRecord[chunk.size()];
            for (int i = 0; i < simple.length; i++) {
                StateRecord r = chunk.get(i);
                simple[i] = new SimpleRecord(now, codec.encodeKey(r.key()), codec.encodeValue(r.value()));
            }
            last = log.append(MemoryRecords.withRecords(Compression.NONE, simple)).lastOffset();
        }
        return log.awaitDurable(last);
    }

    /** Whether enough has been written since the last checkpoint to write the state again. */
    public boolean checkpointDue() {
        return log.sizeInBytes() - checkpointStartBytes > checkpointBytes;
    }

    /**
     * Writes the whole live state; once durable, drops everything before it. The caller passes every live key's
     * current value, produced on the coordinator thread so it is consistent.
     */
    public CompletableFuture<Void> checkpoint(List<StateRecord> liveState) {
        long start = log.logEndOffset();
        CompletableFuture<Void> durable = write(new ArrayList<>(liveState));
        checkpointStartBytes = log.sizeInBytes();
        return durable.thenRun(() -> log.deleteRecordsBefore(start));
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }
}
