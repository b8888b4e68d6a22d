package io.freshet.storage.log;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Log compaction on real files: what the cleaner keeps (latest value per key, tombstones until their delete
 * horizon, transaction markers, open transactions), when it runs (dirty ratio, min/max compaction lag), that it
 * never touches the active segment nor changes offsets, crash safety of the swap, and reads during cleaning.
 */
class CompactionTest {

    /** Every append after {@link #roll()} starts a new segment: segments roll after 1 s. */
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact", "segment.ms", "1000");

    @TempDir
    Path dir;
    private LogFixture fixture;

    @BeforeEach
    void open() throws IOException {
        fixture = new LogFixture(dir);
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    @Test
    void keepsTheLatestValueOfEachKeyWithOffsetsUnchangedAndLeavesTheActiveSegmentAlone() throws Exception {
        DiskLog log = fixture.log(COMPACT);
        log.append(kv(1, "a=a1", "b=b1", "c=c1"));          // 0-2
        roll();
        log.append(kv(1, "a=a2"));                          // 3
        log.append(kv(1, "b=b2"));                          // 4
        roll();
        log.append(kv(1, "a=a3"));                          // 5
        roll();
        log.append(kv(1, "c=c2"));                          // 6, active segment
        awaitSealed(log);
        Path active = dir.resolve("events-0").resolve(LogSegment.fileName(6, LogSegment.LOG_SUFFIX));
        byte[] activeBefore = Files.readAllBytes(active);

        assertThat(fixture.store.cleanLogs()).isEqualTo(1);

        // c1 stays: its newer value is in the active segment, which the cleaner never reads.
        List<String> expected = List.of("2:c=c1", "4:b=b2", "5:a=a3", "6:c=c2");
        assertThat(entries(log)).containsExactlyElementsOf(expected);
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(7);
        assertThat(Files.readAllBytes(active)).isEqualTo(activeBefore);
        assertThat(log.segmentCount()).isEqualTo(2); // the three small cleaned segments were merged into one
        assertThat(recordTimestamps(log)).containsOnly(1L);
        // Reading from an offset that was removed starts at the next record kept.
        assertThat(entries(log, 3)).containsExactly("4:b=b2", "5:a=a3", "6:c=c2");

        // Nothing is dirty any more: the checkpoint survives restarts.
        assertThat(fixture.store.cleanLogs()).isZero();
        log = fixture.restart(COMPACT);
        assertThat(entries(log)).containsExactlyElementsOf(expected);
        assertThat(fixture.store.cleanLogs()).isZero();
        log = fixture.crashAndReopen(COMPACT, () -> { });
        assertThat(entries(log)).containsExactlyElementsOf(expected);
        assertThat(log.append(kv(1, "d=d1")).firstOffset()).isEqualTo(7);
    }

    @Test
    void keepsTombstonesUntilTheirDeleteHorizonThenDropsThem() throws Exception {
        Map<String, String> config = new HashMap<>(COMPACT);
        config.put("delete.retention.ms", "60000");
        config.put("min.cleanable.dirty.ratio", "0.01");
        DiskLog log = fixture.log(config);
        log.append(kv(1, "a=a1", "b=b1"));                  // 0-1
        roll();
        log.append(kv(1, "a"));                             // 2: tombstone
        roll();
        log.append(kv(1, "c=c1"));                          // 3, active
        awaitSealed(log);

        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("1:b=b1", "2:a=<tombstone>", "3:c=c1");

        fixture.time.sleep(50_000);                         // the horizon is 60 s after the first cleaning
        roll();
        log.append(kv(1, "d=d1"));                          // 4, rolls c1's segment: dirty again
        awaitSealed(log);
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("1:b=b1", "2:a=<tombstone>", "3:c=c1", "4:d=d1");

        fixture.time.sleep(10_000);
        roll();
        log.append(kv(1, "e=e1"));                          // 5
        awaitSealed(log);
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("1:b=b1", "3:c=c1", "4:d=d1", "5:e=e1");
        assertThat(log.logEndOffset()).isEqualTo(6);
    }

    @Test
    void waitsForMinCompactionLag() throws Exception {
        Map<String, String> config = new HashMap<>(COMPACT);
        config.put("min.compaction.lag.ms", "60000");
        DiskLog log = fixture.log(config);
        long now = fixture.time.milliseconds();
        log.append(kv(now, "a=a1"));
        roll();
        log.append(kv(now + 1_000, "a=a2"));
        roll();
        log.append(kv(now + 2_000, "a=a3"));
        awaitSealed(log);

        assertThat(fixture.store.cleanLogs()).isZero();
        assertThat(entries(log)).containsExactly("0:a=a1", "1:a=a2", "2:a=a3");

        fixture.time.sleep(58_500); // the first segment is now old enough, the second not yet
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("0:a=a1", "1:a=a2", "2:a=a3"); // a1's newer value is too young

        fixture.time.sleep(1_000);
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("1:a=a2", "2:a=a3");
    }

    @Test
    void cleansOnlyWhenTheDirtyRatioIsReachedOrMaxCompactionLagPassed() throws Exception {
        DiskLog log = fixture.log(COMPACT);
        for (int i = 0; i < 4; i++) {
            log.append(kv(1, "k" + i + "=" + "x".repeat(200)));
            roll();
        }
        log.append(kv(1, "k0=new"));                        // 4, active
        awaitSealed(log);
        assertThat(fixture.store.cleanLogs()).isEqualTo(1); // never cleaned: all dirty

        roll();
        log.append(kv(1, "k1=new"));                        // rolls k0=new: one small dirty segment
        awaitSealed(log);
        assertThat(fixture.store.cleanLogs()).isZero();      // ratio well below 0.5
        assertThat(entries(log)).contains("0:k0=" + "x".repeat(200));

        log.updateConfig(LogConfig.defaults().withOverrides(Map.of("cleanup.policy", "compact", "segment.ms", "1000",
            "max.compaction.lag.ms", "1000")));
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);  // the dirty segment's record is ages old
        assertThat(entries(log)).doesNotContain("0:k0=" + "x".repeat(200)).contains("4:k0=new");
    }

    @Test
    void rejectsRecordsWithoutKeyOnACompactedTopicCompressedOrNot() {
        DiskLog log = fixture.log(COMPACT);
        for (Compression compression : List.of(Compression.NONE, Compression.gzip().build())) {
            MemoryRecords keyless = MemoryRecords.withRecords(compression,
                new SimpleRecord(1L, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)),
                new SimpleRecord(1L, null, "v".getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> log.append(keyless))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("Compacted topic cannot accept message without key in topic partition events-0.");
        }
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.append(MemoryRecords.withRecords(Compression.gzip().build(),
            new SimpleRecord(1L, "k".getBytes(StandardCharsets.UTF_8), null))).firstOffset()).isZero();

        log.updateConfig(LogConfig.defaults());
        assertThat(log.append(MemoryRecords.withRecords(Compression.NONE,
            new SimpleRecord(1L, null, "v".getBytes(StandardCharsets.UTF_8)))).firstOffset()).isEqualTo(1);
    }

    @Test
    void keepsMarkersAndOpenTransactionsAndDropsAbortedData() throws Exception {
        DiskLog log = fixture.log(COMPACT);
        log.append(txn(1, 0, "x=a1"));                      // 0: A, committed below
        log.appendTransactionMarker(1, (short) 0, true, 0);  // 1: COMMIT A
        log.append(txn(2, 0, "x=b1", "z=b1"));              // 2-3: B, aborted below
        log.appendTransactionMarker(2, (short) 0, false, 0); // 4: ABORT B
        log.append(kv(1, "x=x2"));                          // 5
        roll();
        log.append(txn(3, 0, "y=open"));                    // 6: C, still open
        log.append(kv(1, "y=y2"));                          // 7
        roll();
        log.append(kv(1, "w=w1"));                          // 8, active
        awaitSealed(log);
        assertThat(log.lastStableOffset()).isEqualTo(6);

        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("1:<COMMIT>", "4:<ABORT>", "5:x=x2", "6:y=open", "7:y=y2", "8:w=w1");
        assertThat(log.abortedTransactions(0, 9)).hasSize(1);

        log.appendTransactionMarker(3, (short) 0, true, 0); // 9: COMMIT C
        roll();
        log.append(kv(1, "v=v1"));                          // 10
        awaitSealed(log);
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(entries(log)).containsExactly("1:<COMMIT>", "4:<ABORT>", "5:x=x2", "7:y=y2", "8:w=w1",
            "9:<COMMIT>", "10:v=v1");
    }

    @Test
    void retentionAppliesToCompactDeleteButNotToCompact() throws Exception {
        DiskLog log = fixture.log(Map.of("cleanup.policy", "compact", "segment.ms", "1000",
            "retention.ms", "1000"));
        log.append(kv(1, "a=a1"));
        roll();
        log.append(kv(1, "b=b1"));
        assertThat(fixture.store.enforceRetention()).isZero();
        log.updateConfig(log.config().withOverrides(Map.of("cleanup.policy", "compact,delete", "segment.ms", "1000",
            "retention.ms", "1000")));
        assertThat(fixture.store.enforceRetention()).isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(2);
    }

    /** A kill -9 after each step of the swap: the restart finishes it, and the log reads as fully cleaned. */
    @ParameterizedTest
    @EnumSource(SegmentSwap.Step.class)
    void aCrashDuringTheSwapRecoversToTheCleanedLog(SegmentSwap.Step crashAfter) throws Exception {
        DiskLog log = writeThreeSegments();
        Compactor crashing = new Compactor(fixture.time, step -> {
            if (step == crashAfter) {
                throw new IllegalStateException("simulated kill -9 after " + step);
            }
        }, () -> false);
        assertThatThrownBy(() -> crashing.clean(log)).hasMessageContaining("simulated kill -9");

        DiskLog recovered = fixture.crashAndReopen(COMPACT, () -> { });
        List<String> cleaned = List.of("1:b=b2", "2:a=a3", "3:c=c1");
        assertThat(entries(recovered)).containsExactlyElementsOf(cleaned);
        assertThat(leftovers()).isEmpty();
        // The checkpoint was not written: the next pass cleans again, with the same result.
        fixture.store.cleanLogs();
        assertThat(entries(recovered)).containsExactlyElementsOf(cleaned);
        assertThat(entries(fixture.restart(COMPACT))).containsExactlyElementsOf(cleaned);
    }

    /** A kill -9 while the cleaned segment was still being written: the old segments stand, untouched. */
    @Test
    void aCrashBeforeTheSwapLeavesTheOldSegments() throws Exception {
        DiskLog log = writeThreeSegments();
        List<String> before = entries(log);
        Path partition = dir.resolve("events-0");
        DiskLog recovered = fixture.crashAndReopen(COMPACT, () -> {
            try {
                Files.write(partition.resolve(LogSegment.fileName(0, ".log.cleaned")), new byte[100]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(entries(recovered)).containsExactlyElementsOf(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void readsDuringCleaningSeeConsistentData() throws Exception {
        Map<String, String> config = new HashMap<>(COMPACT);
        config.put("min.cleanable.dirty.ratio", "0.01");
        DiskLog log = fixture.log(config);
        Map<String, String> latest = new LinkedHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    long previous = -1;
                    for (String entry : entries(log)) {
                        long offset = Long.parseLong(entry.substring(0, entry.indexOf(':')));
                        assertThat(offset).isGreaterThan(previous);
                        previous = offset;
                    }
                }
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        }, "reader");
        reader.start();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 10; i++) {
                String key = "k" + (i * 7 + round) % 13;
                String value = key + "-" + round + "-" + i;
                log.append(kv(1, key + "=" + value));
                latest.put(key, value);
            }
            roll();
            log.append(kv(1, "tick=" + round));
            latest.put("tick", Integer.toString(round));
            awaitSealed(log);
            fixture.store.cleanLogs();
        }
        done.set(true);
        reader.join();
        assertThat(readerFailure.get()).isNull();
        Map<String, String> read = new HashMap<>();
        for (String entry : entries(log)) {
            String kv = entry.substring(entry.indexOf(':') + 1);
            read.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertThat(read).isEqualTo(latest);
        // Plus the previous tick: its newer value is in the active segment, which is never cleaned.
        assertThat(entries(log)).hasSize(latest.size() + 1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private DiskLog writeThreeSegments() throws InterruptedException {
        DiskLog log = fixture.log(COMPACT);
        log.append(kv(1, "a=a1", "b=b2"));                  // 0-1
        roll();
        log.append(kv(1, "a=a3"));                          // 2
        roll();
        log.append(kv(1, "c=c1"));                          // 3, active
        awaitSealed(log);
        return log;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("events-0"))) {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted")).toList();
        }
    }

    private void roll() {
        fixture.time.sleep(1_001);
    }

    /** Waits for the flusher thread to seal every rolled segment: only sealed segments are cleaned. */
    private static void awaitSealed(DiskLog log) {
        await("segments of " + log + " sealed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> log.sealedSegments().size() >= log.segmentCount() - 1);
    }

    /** Records with keys: {@code "k=v"}, or {@code "k"} for a tombstone. */
    static MemoryRecords kv(long timestamp, String... pairs) {
        return MemoryRecords.withRecords(Compression.NONE, records(timestamp, pairs));
    }

    private static MemoryRecords txn(long producerId, int sequence, String... pairs) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, sequence,
            records(1, pairs));
    }

    private static SimpleRecord[] records(long timestamp, String... pairs) {
        SimpleRecord[] records = new SimpleRecord[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            String key = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
            byte[] value = eq < 0 ? null : pairs[i].substring(eq + 1).getBytes(StandardCharsets.UTF_8);
            records[i] = new SimpleRecord(timestamp, key.getBytes(StandardCharsets.UTF_8), value);
        }
        return records;
    }

    static List<String> entries(DiskLog log) {
        return entries(log, 0);
    }

    /** "offset:key=value" for each record from {@code from} to the end, as a consumer fetching in a loop sees them. */
    static List<String> entries(DiskLog log, long from) {
        List<String> out = new ArrayList<>();
        long next = from;
        while (next < log.highWatermark()) {
            MemoryRecords records = log.read(next, 1 << 20, true).memoryRecords();
            long last = -1;
            for (RecordBatch batch : records.batches()) {
                for (Record record : batch) {
                    if (record.offset() >= next) {
                        out.add(record.offset() + ":" + describe(batch, record));
                    }
                }
                last = batch.lastOffset();
            }
            if (last < 0) {
                throw new AssertionError("read at " + next + " returned nothing below the high watermark");
            }
            next = last + 1;
        }
        return out;
    }

    private static String describe(RecordBatch batch, Record record) {
        if (batch.isControlBatch()) {
            return record.key().getShort(record.key().position() + 2) == 0 ? "<ABORT>" : "<COMMIT>";
        }
        String key = StandardCharsets.UTF_8.decode(record.key()).toString();
        return key + "=" + (record.hasValue() ? StandardCharsets.UTF_8.decode(record.value()).toString() : "<tombstone>");
    }

    private static List<Long> recordTimestamps(DiskLog log) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch batch : log.read(0, 1 << 20, true).memoryRecords().batches()) {
            for (Record record : batch) {
                out.add(record.timestamp());
            }
        }
        return out;
    }
}
