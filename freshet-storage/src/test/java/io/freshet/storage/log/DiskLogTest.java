package io.freshet.storage.log;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskLogTest {

    @TempDir
    Path dir;
    LogFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new LogFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void shouldAssignContiguousOffsetsAndReadThemBack() {
        DiskLog log = fixture.log(Map.of());
        AppendResult first = log.append(Batches.batch(1_000, "a", "b", "c"));
        AppendResult second = log.append(Batches.batch(1_000, "d"));

        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(log.highWatermark()).isEqualTo(4);
        assertThat(Batches.readAll(log, 0)).containsExactly("0:a", "1:b", "2:c", "3:d");
        assertThat(Batches.readAll(log, 3)).containsExactly("3:d");
        assertThat(log.read(4, 1024, true).memoryRecords().sizeInBytes()).isZero();
    }

    @Test
    void shouldRollSegmentsAndFindEveryOffset() {
        DiskLog log = fixture.log(Map.of("segment.bytes", "2048", "index.interval.bytes", "200"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            log.append(Batches.batch(1_000 + i, "v" + i));
            expected.add(i + ":v" + i);
        }
        assertThat(log.segmentCount()).isGreaterThan(5);
        for (int offset = 0; offset < 300; offset += 7) {
            List<String> fromHere = Batches.readAll(log, offset);
            assertThat(fromHere).first().isEqualTo(offset + ":v" + offset);
            assertThat(fromHere).hasSize(300 - offset);
        }
        assertThat(Batches.readAll(log, 0)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseOffsetsOutsideTheLog() {
        DiskLog log = fixture.log(Map.of());
        log.append(Batches.batch(1_000, "a"));
        assertThatThrownBy(() -> log.read(2, 1024, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 1024, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldRejectABadCrcAndAppendNothing() {
        DiskLog log = fixture.log(Map.of());
        MemoryRecords records = Batches.batch(1_000, "a", "b");
        ByteBuffer buf = records.buffer();
        int lastByte = buf.limit() - 1;
        buf.put(lastByte, (byte) (buf.get(lastByte) ^ 0x5a));

        assertThatThrownBy(() -> log.append(records)).isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldRejectAnOversizedBatchAndAppendNothing() {
        DiskLog log = fixture.log(Map.of("max.message.bytes", "100"));
        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "x".repeat(200))))
            .isInstanceOf(RecordTooLargeException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void shouldRejectTimestampsFarInTheFuture() {
        DiskLog log = fixture.log(Map.of("message.timestamp.after.max.ms", "1000"));
        long future = fixture.time.milliseconds() + 60_000;
        assertThatThrownBy(() -> log.append(Batches.batch(future, "a"))).isInstanceOf(InvalidTimestampException.class);
    }

    @Test
    void shouldStampLogAppendTimeWhenTheTopicAsksForIt() {
        DiskLog log = fixture.log(Map.of("message.timestamp.type", "LogAppendTime"));
        AppendResult result = log.append(Batches.batch(5, "a"));
        assertThat(result.logAppendTimeMs()).isEqualTo(fixture.time.milliseconds());
        MemoryRecords read = log.read(0, 1024, true).memoryRecords();
        assertThat(read.batches().iterator().next().maxTimestamp()).isEqualTo(fixture.time.milliseconds());
        assertThat(read.batches().iterator().next().isValid()).isTrue();
    }

    @Test
    void shouldStoreBatchesWithTheTopicsCompressionType() {
        DiskLog log = fixture.log(Map.of("compression.type", "zstd"));
        MemoryRecords sent = MemoryRecords.withIdempotentRecords(Compression.gzip().build(), 42L, (short) 3, 7,
            new SimpleRecord(1_000L, "k1".getBytes(), "v1".getBytes(),
                new Header[]{new RecordHeader("h", "x".getBytes())}),
            new SimpleRecord(1_001L, null, "v2".getBytes()));
        log.append(sent);
        log.append(Batches.batch(1_002L, "plain"));

        MemoryRecords stored = log.read(0, 1 << 20, true).memoryRecords();
        List<MutableRecordBatch> batches = new ArrayList<>();
        stored.batches().forEach(batches::add);
        assertThat(batches).extracting(RecordBatch::compressionType)
            .containsExactly(CompressionType.ZSTD, CompressionType.ZSTD);
        assertThat(batches.get(0).producerId()).isEqualTo(42L);
        assertThat(batches.get(0).producerEpoch()).isEqualTo((short) 3);
        assertThat(batches.get(0).baseSequence()).isEqualTo(7);
        assertThat(Batches.offsetsAndValues(stored)).containsExactly("0:v1", "1:v2", "2:plain");
        Record first = batches.get(0).iterator().next();
        assertThat(first.timestamp()).isEqualTo(1_000L);
        assertThat(first.headers()).hasSize(1);
        assertThat(new String(first.headers()[0].value())).isEqualTo("x");
    }

    @Test
    void shouldFindOffsetsByTimestamp() {
        DiskLog log = fixture.log(Map.of("segment.bytes", "1024", "index.interval.bytes", "100"));
        for (int i = 0; i < 100; i++) {
            log.append(Batches.batch(10_000L + i * 10, "v" + i));
        }
        assertThat(log.offsetForTimestamp(10_000L).map(t -> t.offset)).contains(0L);
        assertThat(log.offsetForTimestamp(10_455L).map(t -> t.offset)).contains(46L);
        assertThat(log.offsetForTimestamp(10_460L).map(t -> t.offset)).contains(46L);
        assertThat(log.offsetForTimestamp(99_999L)).isEmpty();
        Optional<FileRecords.TimestampAndOffset> max = log.maxTimestampOffset();
        assertThat(max.map(t -> t.offset)).contains(99L);
    }

    @Test
    void shouldCompleteAwaitDurableAfterTheFlush() throws Exception {
        DiskLog log = fixture.log(Map.of("flush.ms", "3600000"));
        AppendResult result = log.append(Batches.batch(1_000, "a"));
        log.awaitDurable(result.lastOffset()).get(10, TimeUnit.SECONDS);
        assertThat(log.flushedOffset()).isGreaterThan(result.lastOffset());
    }

    @Test
    void shouldFsyncAnAcks1AppendOnceFlushMsPassesAndAgainAfterALaterAppend() throws Exception {
        DiskLog log = fixture.log(Map.of("flush.ms", "1000"));
        for (int round = 1; round <= 3; round++) {
            AppendResult result = log.append(Batches.batch(1_000, "r" + round));
            assertThat(log.flushedOffset()).isLessThanOrEqualTo(result.lastOffset());
            fixture.time.advance(1_000);
            org.awaitility.Awaitility.await("round " + round + " fsynced by the flush.ms timer")
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> log.flushedOffset() > result.lastOffset());
        }
    }

    @Test
    void shouldFsyncTheLastAppendByFlushMsAfterAppendsRacedTheTimerDroppingTheLog() throws Exception {
        DiskLog log = fixture.log(Map.of("flush.ms", "1000"));
        // The clock runs far ahead while one thread appends: every timer tick fsyncs the log, then, between appends,
        // finds it fsynced and drops it from its set. An append that raced the drop must put it back.
        Thread appender = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                log.append(Batches.batch(10, "v" + i));
            }
        });
        appender.start();
        while (appender.isAlive()) {
            fixture.time.advance(1_000);
            Thread.onSpinWait();
        }
        appender.join();
        long end = log.logEndOffset();
        // The clock moves on while we wait, as a real one does: an fsync still running at the last advance stamps
        // its end (lastFlushMs) with that time, and a frozen clock would never make the next one due. A log left out
        // of the timer's set is never fsynced however far the clock moves.
        org.awaitility.Awaitility.await("every append fsynced by the flush.ms timer")
            .atMost(java.time.Duration.ofSeconds(10))
            .until(() -> {
                fixture.time.advance(1_000);
                return log.flushedOffset() >= end;
            });
    }

    @Test
    void shouldMoveTheLogStartOffsetDurablyOnDeleteRecords() throws Exception {
        DiskLog log = fixture.log(Map.of("segment.bytes", "1024"));
        for (int i = 0; i < 100; i++) {
            log.append(Batches.batch(1_000, "v" + i));
        }
        int before = log.segmentCount();
        assertThat(log.deleteRecordsBefore(50)).isEqualTo(50);
        assertThat(log.segmentCount()).isLessThan(before);
        assertThatThrownBy(() -> log.read(49, 1024, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(Batches.readAll(log, 50)).first().isEqualTo("50:v50");
        assertThatThrownBy(() -> log.deleteRecordsBefore(101)).isInstanceOf(OffsetOutOfRangeException.class);

        DiskLog reopened = fixture.crashAndReopen(Map.of("segment.bytes", "1024"), () -> { });
        assertThat(reopened.logStartOffset()).isEqualTo(50);
        assertThat(reopened.logEndOffset()).isEqualTo(100);
    }

    @Test
    void shouldDeleteSegmentsPastRetentionTime() {
        DiskLog log = fixture.log(Map.of("segment.bytes", "1024", "retention.ms", "60000"));
        long now = fixture.time.milliseconds();
        for (int i = 0; i < 50; i++) {
            log.append(Batches.batch(now, "old" + i));
        }
        fixture.time.sleep(120_000);
        for (int i = 0; i < 5; i++) {
            log.append(Batches.batch(fixture.time.milliseconds(), "new" + i));
        }
        int removed = fixture.store.enforceRetention();
        assertThat(removed).isPositive();
        assertThat(log.logStartOffset()).isGreaterThan(0).isLessThanOrEqualTo(50);
        assertThat(Batches.readAll(log, log.logStartOffset())).last().isEqualTo("54:new4");
    }

    @Test
    void shouldDeleteOldestSegmentsPastRetentionBytes() {
        DiskLog log = fixture.log(Map.of("segment.bytes", "1024", "retention.bytes", "3000"));
        for (int i = 0; i < 200; i++) {
            log.append(Batches.batch(fixture.time.milliseconds(), "v" + i));
        }
        fixture.store.enforceRetention();
        assertThat(log.sizeInBytes()).isLessThanOrEqualTo(3000 + 1024);
        assertThat(log.logStartOffset()).isPositive();
        assertThat(log.logEndOffset()).isEqualTo(200);
    }

    @Test
    void shouldKeepEverythingAcrossACleanRestart() throws Exception {
        DiskLog log = fixture.log(Map.of("segment.bytes", "1024"));
        for (int i = 0; i < 100; i++) {
            log.append(Batches.batch(1_000 + i, "v" + i));
        }
        List<String> before = Batches.readAll(log, 0);
        DiskLog reopened = fixture.restart(Map.of("segment.bytes", "1024"));
        assertThat(Batches.readAll(reopened, 0)).isEqualTo(before);
        assertThat(reopened.offsetForTimestamp(1_050).map(t -> t.offset)).contains(50L);
        assertThat(reopened.append(Batches.batch(2_000, "after")).firstOffset()).isEqualTo(100);
    }

    @Test
    void shouldServeVerifiedBytesZeroCopyAndCheckUnverifiedOnesFirst() throws Exception {
        DiskLog log = fixture.log(Map.of());
        for (int i = 0; i < 10; i++) {
            log.append(Batches.batch(1_000, "v" + i));
        }
        assertThat(log.read(3, 1 << 20, true).records()).isInstanceOf(SegmentSlice.class);
        assertThat(Batches.offsetsAndValues(log.read(3, 1 << 20, true).memoryRecords())).first().isEqualTo("3:v3");

        DiskLog reopened = fixture.restart(Map.of());
        assertThat(reopened.read(0, 1 << 20, true).records()).isInstanceOf(MemoryRecords.class);
        assertThat(reopened.read(0, 1 << 20, true).records()).isInstanceOf(SegmentSlice.class);
        assertThat(Batches.readAll(reopened, 0)).hasSize(10).last().isEqualTo("9:v9");
    }

    @Test
    void shouldCutZeroCopySlicesAtBatchBoundaries() {
        DiskLog log = fixture.log(Map.of("index.interval.bytes", "0"));
        for (int i = 0; i < 20; i++) {
            log.append(Batches.batch(1_000, "value-" + i, "more-" + i));
        }
        int batchBytes = Batches.batch(1_000, "value-0", "more-0").sizeInBytes();
        LogReadResult read = log.read(0, batchBytes * 3 + batchBytes / 2, false);
        assertThat(read.records()).isInstanceOf(SegmentSlice.class);
        assertThat(read.records().sizeInBytes()).isEqualTo(batchBytes * 3);
        assertThat(Batches.offsetsAndValues(read.memoryRecords())).hasSize(6).last().isEqualTo("5:more-2");
    }

    @Test
    void shouldNeverServeABatchDamagedOnDisk() throws Exception {
        DiskLog log = fixture.log(Map.of());
        for (int i = 0; i < 10; i++) {
            log.append(Batches.batch(1_000, "v" + i));
        }
        DiskLog reopened = fixture.restart(Map.of());
        Path segment = dir.resolve("events-0").resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        int fifthBatch = SegmentFiles.batchPositions(segment).get(5);
        SegmentFiles.flipByte(segment, fifthBatch + DefaultRecordBatch.RECORD_BATCH_OVERHEAD + 2);

        assertThat(Batches.offsetsAndValues(reopened.read(0, 1 << 20, true).memoryRecords()))
            .containsExactly("0:v0", "1:v1", "2:v2", "3:v3", "4:v4");
        assertThatThrownBy(() -> reopened.read(5, 1 << 20, true)).isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining("offset 5");
        assertThat(Batches.offsetsAndValues(reopened.read(6, 1 << 20, true).memoryRecords())).first().isEqualTo("6:v6");
    }

    @Test
    void shouldFailAWaiterForAnOffsetNotYetAppendedInsteadOfSpinning() throws Exception {
        DiskLog log = fixture.log(Map.of());
        log.append(Batches.batch(1_000, "v0"));

        // Offset 1 is the log end: nothing is there yet. The flusher used to requeue such a waiter for ever.
        assertThatThrownBy(() -> log.awaitDurable(1).get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasMessageContaining("events-0").hasMessageContaining("offset 1");
        log.awaitDurable(0).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldLeaveATopicCreatedAgainItsFilesWhenTheDeletedOnesAreRemovedLater() throws Exception {
        TopicPartition tp = new TopicPartition("events", 0);
        LogConfig config = LogConfig.defaults().withOverrides(Map.of("file.delete.delay.ms", "100"));
        PartitionLog deleted = fixture.store.openLog(tp, config);
        deleted.awaitDurable(deleted.append(Batches.batch(1_000, "old")).lastOffset()).join();
        fixture.store.deleteLog(tp);
        PartitionLog again = fixture.store.openLog(tp, config);
        again.awaitDurable(again.append(Batches.batch(1_000, "new")).lastOffset()).join();

        org.awaitility.Awaitility.await("the deleted directory removed").atMost(java.time.Duration.ofSeconds(10))
            .until(() -> {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
                    return files.noneMatch(f -> f.getFileName().toString().endsWith(".delete"));
                }
            });
        assertThat(dir.resolve("events-0").resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX)))
            .as("the new partition's segment, at the path the deleted one had").exists();
        fixture.store.close();
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time, fixture.config);
        assertThat(Batches.readAll(fixture.store.openLog(tp, config), 0)).containsExactly("0:new");
    }
}
