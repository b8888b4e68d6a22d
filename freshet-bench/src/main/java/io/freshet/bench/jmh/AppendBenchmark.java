package io.freshet.bench.jmh;

import io.freshet.storage.log.AppendListener;
import io.freshet.storage.log.AppendResult;
import io.freshet.storage.log.LogConfig;
import io.freshet.storage.log.LogStore;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.internal.MemoryRecords;
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
import org.openjdk.jmh.annotations.Threads;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link PartitionLog#append} of one produce batch of about 64 KiB (100 B or 1 KiB records, uncompressed), the
 * whole storage side of a produce request: validation (magic, sizes, CRC-32C, offsets, timestamps), producer state,
 * offsets assigned in the header in place, the FileRecords write to the page cache, index update, roll when full.
 *
 * <p>Each invocation appends a fresh copy of a template batch, because append rewrites the batch header and
 * validation insists on base offset 0. The copy (a new heap buffer, as {@code KafkaConnection} makes per request)
 * is measured on its own by {@link #copyOnly} / {@link #copyAndResequence}; subtract it to get the log's share.
 * {@link #copyAndWrite} adds the bare file write, so {@code append - copyAndWrite} is Freshet's own work.
 *
 * <p>{@link #append} and {@link #appendIdempotent} write to tmpfs: the CPU cost of the append path, what code
 * changes can improve. {@link #appendDisk} writes the same batches to disk. The two agree as long as dirty pages stay
 * under the kernel's writeback throttling threshold ({@code vm.dirty_background_ratio} and up): here retention
 * deletes old segments and the flusher fsyncs sealed ones, which keeps them under it on a machine with enough RAM;
 * past it, a sustained write runs at the disk's writeback speed instead.
 *
 * <p>Settings: a temp directory per trial; {@code segment.bytes} 1 GiB and {@code retention.bytes} 2 GiB with a
 * 1 s retention check, so a trial never fills the disk or memory (rolls and segment deletion happen, as in
 * production); {@code flush.ms} one hour so no periodic fsync is measured, but the flusher thread still seals
 * rolled segments (fsync, index files). {@link #appendDurable} adds {@code awaitDurable(last).get()}: one fdatasync
 * per append (one producer, acks=all). {@link #appendDurable4Threads} has four appenders on one partition, so
 * waiters that queue during an fsync share the next one (group commit).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    /** The template batches to copy from. */
    @State(Scope.Benchmark)
    public static class Template {

        @Param({"100", "1024"})
        public int recordBytes;

        ByteBuffer plain;
        ByteBuffer idempotent;
        int recordsPerBatch;

        @Setup(Level.Trial)
        public void buildTemplates() {
            plain = BenchRecords.bytes(BenchRecords.plainBatch(recordBytes));
            idempotent = BenchRecords.bytes(BenchRecords.idempotentBatch(recordBytes, 1000L));
            recordsPerBatch = BenchRecords.recordsPerBatch(recordBytes);
        }
    }

    /** One partition log per trial; subclasses choose where its directory is. */
    public abstract static class LogState {

        Path dir;
        LogStore store;
        PartitionLog log;

        abstract Path newDir() throws Exception;

        @Setup(Level.Trial)
        public void openLog() throws Exception {
            BenchRecords.quietLogging();
            dir = newDir();
            store = LogStore.open(dir, AppendListener.NONE, Time.SYSTEM, 1_000L);
            log = store.openLog(new TopicPartition("bench", 0), LogConfig.defaults().withOverrides(Map.of(
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(1024 * 1024 * 1024),
                TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(2048L * 1024 * 1024),
                TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, "0",
                TopicConfig.FLUSH_MS_CONFIG, String.valueOf(3_600_000L))));
        }

        @TearDown(Level.Trial)
        public void closeLog() throws Exception {
            store.close();
            BenchRecords.deleteTree(dir);
        }
    }

    /** A log on tmpfs: the append path's CPU cost. */
    @State(Scope.Benchmark)
    public static class MemoryLog extends LogState {
        @Override
        Path newDir() throws Exception {
            return BenchRecords.memoryTempDir("freshet-jmh-append");
        }
    }

    /** A log on disk ({@code java.io.tmpdir}): page-cache writes throttled by writeback, and real fsyncs. */
    @State(Scope.Benchmark)
    public static class DiskLog extends LogState {
        @Override
        Path newDir() throws Exception {
            return BenchRecords.tempDir("freshet-jmh-append");
        }
    }

    /** A bare file on tmpfs, for the kernel's share of an append: {@link #copyAndWrite}. */
    @State(Scope.Thread)
    public static class RawFile {

        static final long WRAP_BYTES = 1024L * 1024 * 1024;

        Path dir;
        FileChannel channel;

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = BenchRecords.memoryTempDir("freshet-jmh-raw");
            channel = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            channel.close();
            BenchRecords.deleteTree(dir);
        }
    }

    /** The next base sequence of the idempotent producer (one thread uses it). */
    @State(Scope.Thread)
    public static class Sequence {
        int next;

        /** Kafka's sequence arithmetic: wraps from Integer.MAX_VALUE to 0. */
        void advance(int records) {
            next = (int) ((next + (long) records) & Integer.MAX_VALUE);
        }
    }

    @Benchmark
    public AppendResult append(Template t, MemoryLog s, ByteCounter bytes) {
        return appendTo(s.log, t, bytes);
    }

    /**
     * An idempotent producer's batches: each invocation sets the next base sequence (and so recomputes the CRC,
     * as the producer would), then appends; the log checks the sequence against the producer state table.
     */
    @Benchmark
    public AppendResult appendIdempotent(Template t, MemoryLog s, Sequence seq, ByteCounter bytes) {
        MemoryRecords batch = BenchRecords.copy(t.idempotent);
        BenchRecords.resequence(batch, seq.next);
        seq.advance(t.recordsPerBatch);
        bytes.megabytes += batch.sizeInBytes() / 1e6;
        return s.log.append(batch);
    }

    /** As {@link #append}, to a log on disk (page cache; writeback throttling applies once dirty pages pile up). */
    @Benchmark
    public AppendResult appendDisk(Template t, DiskLog s, ByteCounter bytes) {
        return appendTo(s.log, t, bytes);
    }

    /** acks=all from one producer: append, then wait for the fsync that covers it (one fdatasync per batch). */
    @Benchmark
    public AppendResult appendDurable(Template t, DiskLog s, ByteCounter bytes) throws Exception {
        AppendResult result = appendTo(s.log, t, bytes);
        s.log.awaitDurable(result.lastOffset()).get();
        return result;
    }

    /** acks=all from four producers on one partition: waiters that queue during an fsync share the next one. */
    @Benchmark
    @Threads(4)
    public AppendResult appendDurable4Threads(Template t, DiskLog s, ByteCounter bytes) throws Exception {
        return appendDurable(t, s, bytes);
    }

    /** Baseline: the per-invocation copy alone (allocate + memcpy of ~64 KiB). */
    @Benchmark
    public MemoryRecords copyOnly(Template t) {
        return BenchRecords.copy(t.plain);
    }

    /** Baseline for {@link #appendIdempotent}: copy, set the sequence, recompute the CRC-32C. */
    @Benchmark
    public MemoryRecords copyAndResequence(Template t, Sequence seq) {
        MemoryRecords batch = BenchRecords.copy(t.idempotent);
        BenchRecords.resequence(batch, seq.next);
        seq.advance(t.recordsPerBatch);
        return batch;
    }

    /**
     * Baseline: the copy plus the bare {@code FileChannel.write} of the batch to a file on tmpfs, as FileRecords
     * does it (heap buffer, so the JDK copies it once more into a direct buffer); the file is truncated every GiB.
     * {@link #append} minus this is Freshet's own work: validation, producer state, offsets, indexes, rolls.
     */
    @Benchmark
    public int copyAndWrite(Template t, RawFile f) throws Exception {
        MemoryRecords batch = BenchRecords.copy(t.plain);
        if (f.channel.position() >= RawFile.WRAP_BYTES) {
            f.channel.truncate(0);
        }
        return f.channel.write(batch.buffer());
    }

    private static AppendResult appendTo(PartitionLog log, Template t, ByteCounter bytes) {
        MemoryRecords batch = BenchRecords.copy(t.plain);
        bytes.megabytes += batch.sizeInBytes() / 1e6;
        return log.append(batch);
    }
}
