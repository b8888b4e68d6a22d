package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Key -> offset of its latest record, over the dirty segments of a log: the cleaner keeps a record only if no
 * later record has its key. Control batches and batches of aborted transactions do not count (they are not
 * values of their keys). Tombstones do count: a delete is the latest value.
 *
 * <p>Design note: keys are held in full, in a plain map, so memory grows with the number of distinct keys in the
 * dirty part of the log (Kafka bounds this with a fixed buffer of key hashes); fine for changelog-sized logs.
 */
final class KeyOffsetMap {

    private final Map<ByteBuffer, Long> latest = new HashMap<>();

    private KeyOffsetMap() {
    }

    static KeyOffsetMap build(List<LogSegment> dirty, AbortedBatches aborted, int maxDecompressedBytes,
                              BufferSupplier buffers) throws IOException {
        KeyOffsetMap map = new KeyOffsetMap();
        for (LogSegment segment : dirty) {
            segment.withRecords(records -> {
                map.add(records, aborted, maxDecompressedBytes, buffers);
                return null;
            });
        }
        return map;
    }

    private void add(FileRecords segment, AbortedBatches aborted, int maxDecompressedBytes, BufferSupplier buffers) {
        for (FileChannelRecordBatch batch : segment.batchesFrom(0)) {
            if (batch.isControlBatch() || aborted.contains(batch)) {
                continue;
            }
            try (CloseableIterator<Record> records = batch.streamingIterator(buffers, maxDecompressedBytes)) {
                while (records.hasNext()) {
                    Record record = records.next();
                    if (record.hasKey()) {
                        latest.put(copy(record.key()), record.offset());
                    }
                }
            }
        }
    }

    /** The key may point into a batch's (reused) buffer: keep a copy of its own. */
    private static ByteBuffer copy(ByteBuffer key) {
        ByteBuffer copy = ByteBuffer.allocate(key.remaining());
        copy.put(key.duplicate()).flip();
        return copy;
    }

    /** The offset of the key's latest record in the dirty range, or -1 if it has none there. */
    long latestOffset(ByteBuffer key) {
        Long offset = latest.get(key);
        return offset == null ? -1 : offset;
    }

    int size() {
        return latest.size();
    }
}
