package io.freshet.bench.jmh;

import io.freshet.storage.log.AppendListener;
import io.freshet.storage.log.LogConfig;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.Time;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The read side of a partition, through {@link PartitionLog}'s public API as the fetch and ListOffsets handlers
 * use it.
 *
 * <p>{@link #read}: {@link PartitionLog#read}{@code (offset, 1 MiB, true)} at random offsets of a 256 MiB log of
 * 32 segments of 8 MiB (64 KiB batches of 100 B records): segment floor lookup, offset index, batch header scan,
 * then, since this process appended (and so verified) every byte, a zero-copy {@code SegmentSlice}.
 * {@link #readCopyAndCheck} adds the copy into a heap buffer and the CRC-32C of every batch: the cold-segment path,
 * and the whole read path as it was before zero-copy. {@link #offsetForTimestamp}: ListOffsets by time at a random
 * timestamp (time index, offset index, then a scan of batch headers in the segment). The files are in the page
 * cache (the set-up just wrote them), so this is the CPU and memory cost, not the disk's. A read never crosses a
 * segment, so reads near a segment's end return less than 1 MiB: the {@code megabytes} counter reports the bytes
 * actually read. Random targets come from a cycled table of 4096, so the random number generator is not measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PartitionReadBenchmark {

    private static final int TARGETS = 4096;

    /** A 256 MiB log of 32 segments on disk (page cache), and random offsets and timestamps into it. */
    @State(Scope.Thread)
    public static class Log {

        static final int SEGMENT_BYTES = 8 * 1024 * 1024;
        static final long LOG_BYTES = 256L * 1024 * 1024;
        static final int MAX_BYTES = 1024 * 1024;

        Path dir;
        LogStore store;
        PartitionLog log;
        final long[] targets = new long[TARGETS];
        final long[] timestamps = new long[TARGETS];
        int next;
        int nextTimestamp;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchRecords.quietLogging();
            dir = BenchRecords.tempDir("freshet-jmh-read");
            store = LogStore.open(dir, AppendListener.NONE, Time.SYSTEM);
            log = store.openLog(new TopicPartition("bench", 0), LogConfig.defaults().withOverrides(Map.of(
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(SEGMENT_BYTES),
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
            ByteBuffer template = BenchRecords.bytes(BenchRecords.plainBatch(100));
            long firstTimestamp = System.currentTimeMillis();
            while (log.sizeInBytes() < LOG_BYTES) {
                log.append(BenchRecords.copy(template));
            }
            long timeSpan = Math.max(1, System.currentTimeMillis() - firstTimestamp);
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < TARGETS; i++) {
                targets[i] = random.nextLong(log.logEndOffset());
                timestamps[i] = firstTimestamp + random.nextLong(timeSpan);
            }
        }

        long nextTarget() {
            return targets[next++ & (TARGETS - 1)];
        }

        long nextTimestamp() {
            return timestamps[nextTimestamp++ & (TARGETS - 1)];
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            store.close();
            BenchRecords.deleteTree(dir);
        }
    }

    /** The read as the fetch path does it now: for bytes this process appended, a zero-copy segment slice. */
    @Benchmark
    public BaseRecords read(Log s, ByteCounter bytes) {
        BaseRecords records = s.log.read(s.nextTarget(), Log.MAX_BYTES, true).records();
        bytes.megabytes += records.sizeInBytes() / 1e6;
        return records;
    }

    /**
     * The read plus what a copying fetch does with it: the bytes into a new heap buffer and a CRC-32C check of
     * every batch. This is the cost of a read of a segment not yet verified (trusted from its index after a clean
     * restart), and of the fetch path before zero-copy; sendfile moves the copy into the kernel instead.
     */
    @Benchmark
    public void readCopyAndCheck(Log s, ByteCounter bytes, Blackhole bh) {
        MemoryRecords records = s.log.read(s.nextTarget(), Log.MAX_BYTES, true).memoryRecords();
        for (MutableRecordBatch batch : records.batches()) {
            bh.consume(batch.isValid());
        }
        bytes.megabytes += records.sizeInBytes() / 1e6;
        bh.consume(records);
    }

    /** ListOffsets by timestamp: the first record at or after a random time of the log's span. */
    @Benchmark
    public Optional<FileRecords.TimestampAndOffset> offsetForTimestamp(Log s) {
        return s.log.offsetForTimestamp(s.nextTimestamp());
    }
}
