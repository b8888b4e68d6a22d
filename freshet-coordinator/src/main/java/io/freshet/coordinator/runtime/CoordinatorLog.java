package io.freshet.coordinator.runtime;

import io.freshet.storage.log.AppendOrigin;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A coordinator's state on disk: one ordinary partition log (for example {@code __consumer_offsets-0}) of record
 * batches whose records are {@link StateRecord}s in JSON ({@link StateRecordCodec}). Not in the topic catalog, so
 * clients can neither see nor write it. Called only from the coordinator thread.
 *
 * <p>Design note: this is the runtime's only contact with storage (append, awaitDurable, read, deleteRecordsBefore
 * of {@link PartitionLog}), behind {@link StateLog}, so that a change of the storage API (an append origin, fault
 * injection) touches this class alone.
 */
public final class CoordinatorLog implements StateLog {

    private static final int READ_BYTES = 4 << 20;

    private final PartitionLog log;
    private final StateRecordCodec codec;
    private final Time time;
    private long bytesAppended;

    private CoordinatorLog(PartitionLog log, StateRecordCodec codec, Time time) {
        this.log = log;
        this.codec = codec;
        this.time = time;
    }

    /** Opens (recovering, or creating) an internal partition; never deleted by time or size. */
    public static CoordinatorLog open(LogStore store, TopicPartition partition, StateRecordCodec codec, Time time) {
        LogConfig config = LogConfig.defaults().withOverrides(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
            TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 << 20),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(8 << 20),
            TopicConfig.COMPRESSION_TYPE_CONFIG, "producer"));
        return new CoordinatorLog(store.openLog(partition, config), codec, time);
    }

    @Override
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

    @Override
    public long append(List<StateRecord> records) {
        long now = time.milliseconds();
        SimpleRecord[] simple = new SimpleRecord[records.size()];
        for (int i = 0; i < simple.length; i++) {
            StateRecord r = records.get(i);
            simple[i] = new SimpleRecord(now, codec.encodeKey(r.key()), codec.encodeValue(r.value()));
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, simple);
        long lastOffset = log.append(batch, AppendOrigin.COORDINATOR).lastOffset();
        bytesAppended += batch.sizeInBytes();
        return lastOffset + 1;
    }

    @Override
    public CompletableFuture<Void> awaitDurable(long endOffset) {
        return log.awaitDurable(endOffset - 1);
    }

    @Override
    public long logEndOffset() {
        return log.logEndOffset();
    }

    @Override
    public long bytesAppended() {
        return bytesAppended;
    }

    @Override
    public void deleteRecordsBefore(long offset) {
        log.deleteRecordsBefore(offset);
    }
}
