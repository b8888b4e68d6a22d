package io.freshet.storage.log;

import io.freshet.bench.jmh.BenchRecords;
import io.freshet.bench.jmh.ByteCounter;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.Time;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The read side of a partition: the in-memory indexes alone, and the whole read path.
 *
 * <p>{@link #offsetIndexLookup} / {@link #timeIndexScanStart}: a binary search over an {@link OffsetIndex} /
 * {@link TimeIndex} of 10k or 1M entries, at random targets (a table of 4096 precomputed targets, cycled, so the
 * random number generator is not measured; the 1M index is 8 MiB / 16 MiB, so lookups miss the CPU caches).
 * Lives in the storage package because the indexes are package-private.
 *
 * <p>{@link #read}: {@link PartitionLog#read}{@code (offset, 1 MiB, true)} at random offsets of a 256 MiB log of
 * 32 segments of 8 MiB (64 KiB batches of 100 B records): segment floor lookup, offset index, batch header scan,
 * then, since this process appended (and so verified) every byte, a zero-copy {@code SegmentSlice}.
 * {@link #readCopyAndCheck} adds the copy into a heap buffer and the CRC-32C of every batch: the cold-segment path,
 * and the whole read path as it was before zero-copy. The files are in the page cache (the set-up just wrote
 * them), so this is the CPU and memory cost, not the disk's. A read never crosses a segment, so reads near a
 * segment's end return less than 1 MiB: the {@code megabytes} counter reports the bytes actually read.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IndexLookupBenchmark {

    private static final int TARGETS = 4096;
    private static final long BASE_OFFSET = 1_000_000L;
    /** Records per indexed batch and bytes between entries: a dense index (every 1 KiB) so 1M entries fit 1 GiB. */
    private static final int OFFSETS_PER_ENTRY = 40;
    private static final int BYTES_PER_ENTRY = 1024;
    private static final long TIME_START = 1_700_000_000_000L;
    private static final int MS_PER_ENTRY = 10;

    /** An offset index and a time index of {@code entries} entries each, and random targets for both. */
    @State(Scope.Thread)
    public static class Indexes {

        @Param({"10000", "1000000"})
        public int entries;

        OffsetIndex offsetIndex;
        TimeIndex timeIndex;
        final long[] offsetTargets = new long[TARGETS];
        final long[] timeTargets = new long[TARGETS];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            offsetIndex = new OffsetIndex(BASE_OFFSET);
            timeIndex = new TimeIndex(BASE_OFFSET);
            for (int i = 0; i < entries; i++) {
                long offset = BASE_OFFSET + (long) i * OFFSETS_PER_ENTRY;
                offsetIndex.append(offset, i * BYTES_PER_ENTRY);
                timeIndex.maybeAppend(TIME_START + (long) i * MS_PER_ENTRY, offset + OFFSETS_PER_ENTRY - 1);
            }
            SplittableRandom random = new SplittableRandom(7);
            long offsetSpan = (long) entries * OFFSETS_PER_ENTRY;
            long timeSpan = (long) entries * MS_PER_ENTRY;
            for (int i = 0; i < TARGETS; i++) {
                offsetTargets[i] = BASE_OFFSET + random.nextLong(offsetSpan);
                timeTargets[i] = TIME_START + random.nextLong(timeSpan);
            }
        }

        int nextTarget() {
            return next++ & (TARGETS - 1);
        }
    }

    /** A 256 MiB log of 32 segments on disk (page cache), and random offsets into it. */
    @State(Scope.Thread)
    public static class Log {

        static final int SEGMENT_BYTES = 8 * 1024 * 1024;
        static final long LOG_BYTES = 256L * 1024 * 1024;
        static final int MAX_BYTES = 1024 * 1024;

        Path dir;
        LogStore store;
        PartitionLog log;
        final long[] targets = new long[TARGETS];
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchRecords.quietLogging();
            dir = BenchRecords.tempDir("freshet-jmh-read");
            store = LogStore.open(dir, AppendListener.NONE, Time.SYSTEM);
            log = store.openLog(new TopicPartition("bench", 0), LogConfig.defaults().withOverrides(Map.of(
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(SEGMENT_BYTES))));
            ByteBuffer template = BenchRecords.bytes(BenchRecords.plainBatch(100));
            while (log.sizeInBytes() < LOG_BYTES) {
                log.append(BenchRecords.copy(template));
            }
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < TARGETS; i++) {
                targets[i] = random.nextLong(log.logEndOffset());
            }
        }

        long nextTarget() {
            return targets[next++ & (TARGETS - 1)];
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            store.close();
            BenchRecords.deleteTree(dir);
        }
    }

    @Benchmark
    public int offsetIndexLookup(Indexes s) {
        return s.offsetIndex.lookup(s.offsetTargets[s.nextTarget()]);
    }

    @Benchmark
    public long timeIndexScanStart(Indexes s) {
        return s.timeIndex.scanStartFor(s.timeTargets[s.nextTarget()]);
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
}
