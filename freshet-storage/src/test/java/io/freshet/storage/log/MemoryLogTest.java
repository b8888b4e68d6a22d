package io.freshet.storage.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A memory partition ({@code freshet.storage=memory}): a ring bounded by bytes and by time, reads below its start
 * refused as out of range, offsets that never go backwards across a clean restart or a crash, and nothing on disk
 * but the offset ceiling.
 */
class MemoryLogTest {

    private static final Map<String, String> SMALL_RING = Map.of("retention.bytes", "8192");
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;
    private LogFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new LogFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void shouldDropTheOldestRecordsOnAppendOnceTheRingHoldsRetentionBytes() {
        MemoryLog log = fixture.memoryLog(SMALL_RING);
        for (int i = 0; i < 500; i++) {
            log.append(Batches.batch(fixture.time.milliseconds(), String.format("v%03d", i)));
            assertThat(log.sizeInBytes()).as("bytes in memory after append %d", i)
                .isLessThanOrEqualTo(8192 + MemoryRing.segmentBytes(log.config()));
        }

        long start = log.logStartOffset();
        assertThat(start).as("the oldest records fell off").isGreaterThan(350);
        assertThat(log.highWatermark()).isEqualTo(500);
        List<String> held = Batches.readAll(log, start);
        assertThat(held).hasSize((int) (500 - start)).first().isEqualTo(start + ":v" + start);
        assertThat(held).last().isEqualTo("499:v499");
        assertThatThrownBy(() -> log.read(start - 1, 1 << 20, true))
            .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("fell off the ring");
        assertThatThrownBy(() -> log.read(0, 1 << 20, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldDropRecordsOlderThanRetentionMsOnAppendAndAtTheRetentionCheck() {
        MemoryLog log = fixture.memoryLog(Map.of("retention.ms", Long.toString(MINUTE)));
        log.append(Batches.batch(fixture.time.milliseconds(), "a"));
        fixture.time.advance(10_000);
        log.append(Batches.batch(fixture.time.milliseconds(), "b"));
        fixture.time.advance(55_000);
        log.append(Batches.batch(fixture.time.milliseconds(), "c"));

        assertThat(log.logStartOffset()).as("a arrived 65 s ago, b 55 s ago").isEqualTo(1);
        assertThat(Batches.readAll(log, 1)).containsExactly("1:b", "2:c");

        fixture.time.advance(MINUTE + 1);
        assertThat(fixture.store.enforceRetention()).as("segments dropped with nothing appended").isEqualTo(2);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.highWatermark()).isEqualTo(3);
        assertThat(log.sizeInBytes()).isZero();
        assertThat(log.read(3, 1 << 20, true).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(2, 1 << 20, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.append(Batches.batch(fixture.time.milliseconds(), "d")).firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldServeReadsAsMemoryRecordsAndFindOffsetsByTimestamp() {
        MemoryLog log = fixture.memoryLog(Map.of("index.interval.bytes", "100"));
        long t0 = fixture.time.milliseconds();
        for (int i = 0; i < 50; i++) {
            log.append(Batches.batch(t0 + i * 10, "v" + i));
        }
        LogReadResult read = log.read(20, 1 << 20, true);
        assertThat(read.records()).isInstanceOf(MemoryRecords.class);
        assertThat(Batches.offsetsAndValues(read.memoryRecords())).first().isEqualTo("20:v20");
        assertThat(log.read(20, 1, false).records().sizeInBytes()).as("no batch fits in 1 byte").isZero();
        assertThat(log.read(20, 1, true).memoryRecords().sizeInBytes()).as("but one is given when asked for")
            .isPositive();

        assertThat(log.offsetForTimestamp(t0 + 205)).map(found -> found.offset).contains(21L);
        assertThat(log.offsetForTimestamp(t0 + 10_000)).isEmpty();
        assertThat(log.maxTimestampOffset()).map(found -> found.offset).contains(49L);
        log.deleteRecordsBefore(30);
        assertThat(log.offsetForTimestamp(t0)).map(found -> found.offset).contains(30L);
        assertThatThrownBy(() -> log.read(29, 1 << 20, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void shouldGoOnFromTheEndAfterACleanRestartWithNothingButTheCeilingOnDisk() throws IOException {
        MemoryLog log = fixture.memoryLog(Map.of());
        for (int i = 0; i < 5; i++) {
            log.append(Batches.batch(fixture.time.milliseconds(), "v" + i));
        }
        assertThat(log.awaitDurable(4)).as("durable once in memory").isCompleted();

        MemoryLog restarted = fixture.restartMemory(Map.of());
        assertThat(restarted.logStartOffset()).isEqualTo(5);
        assertThat(restarted.highWatermark()).isEqualTo(5);
        assertThat(restarted.read(5, 1 << 20, true).records().sizeInBytes()).isZero();
        assertThatThrownBy(() -> restarted.read(0, 1 << 20, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(restarted.append(Batches.batch(fixture.time.milliseconds(), "after")).firstOffset())
            .isEqualTo(5);
        assertThat(filesOf(partitionDir())).containsExactly(OffsetCeiling.FILE);
    }

    @Test
    void shouldNeverHandOutAnOffsetAboveTheCeilingOnDiskNorReuseOneAfterACrash() throws IOException {
        MemoryLog log = fixture.memoryLog(Map.of());
        MemoryRecords thousand = thousandRecords();
        int appends = (int) (OffsetCeiling.BLOCK * 3 / 2 / 1000) + 1; // through two renewals of the ceiling
        for (int i = 0; i < appends; i++) {
            log.append(copyOf(thousand));
            assertThat(ceilingOnDisk()).as("ceiling after append %d", i).isGreaterThanOrEqualTo(log.highWatermark());
        }
        long handedOut = log.highWatermark();
        assertThat(handedOut).isGreaterThan(OffsetCeiling.BLOCK);

        MemoryLog crashed = fixture.crashAndReopenMemory(Map.of());
        assertThat(crashed.logStartOffset()).isGreaterThanOrEqualTo(handedOut)
            .isLessThanOrEqualTo(handedOut + 2 * OffsetCeiling.BLOCK);
        assertThat(crashed.highWatermark()).isEqualTo(crashed.logStartOffset());
        assertThat(crashed.sizeInBytes()).isZero();
        assertThat(crashed.append(Batches.batch(fixture.time.milliseconds(), "after")).firstOffset())
            .isGreaterThanOrEqualTo(handedOut);
        assertThat(filesOf(partitionDir())).containsExactly(OffsetCeiling.FILE);
    }

    @Test
    void shouldRecogniseARetriedBatchAndAcceptAProducerItForgotAtRestart() throws IOException {
        MemoryLog log = fixture.memoryLog(Map.of());
        AppendResult first = log.append(Batches.idempotent(7, (short) 0, 0, "a", "b"));
        AppendResult retry = log.append(Batches.idempotent(7, (short) 0, 0, "a", "b"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
        assertThat(log.highWatermark()).isEqualTo(2);

        MemoryLog restarted = fixture.restartMemory(Map.of());
        AppendResult next = restarted.append(Batches.idempotent(7, (short) 0, 2, "c"));
        assertThat(next.duplicate()).isFalse();
        assertThat(next.firstOffset()).isEqualTo(2);
    }

    @Test
    void shouldHoldTheLastStableOffsetForAnOpenTransactionAndListAbortedOnes() {
        MemoryLog log = fixture.memoryLog(Map.of());
        log.append(Batches.batch(fixture.time.milliseconds(), "plain"));            // 0
        log.append(transactional(1000, "a-1", "a-2"));                              // 1-2
        assertThat(log.lastStableOffset()).isEqualTo(1);
        assertThat(log.read(1, 1 << 20, true, true).records().sizeInBytes()).isZero();

        log.appendTransactionMarker(1000, (short) 0, false, 0);                      // 3: abort
        assertThat(log.lastStableOffset()).isEqualTo(4);
        assertThat(log.abortedTransactions(0, 4)).singleElement()
            .satisfies(txn -> assertThat(txn.firstOffset()).isEqualTo(1));
        assertThat(log.openTransactions()).isEmpty();
    }

    @Test
    void shouldHoldTheLastStableOffsetAtTheStartWhenAnOpenTransactionFellOffTheRing() {
        MemoryLog log = fixture.memoryLog(SMALL_RING);
        log.append(transactional(1000, "opens"));
        for (int i = 0; i < 200; i++) {
            log.append(Batches.batch(fixture.time.milliseconds(), String.format("v%03d", i)));
        }
        assertThat(log.logStartOffset()).isPositive();
        assertThat(log.lastStableOffset()).isEqualTo(log.logStartOffset());
    }

    private MemoryRecords transactional(long producerId, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(fixture.time.milliseconds(), null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, 0, records);
    }

    private MemoryRecords thousandRecords() {
        SimpleRecord[] records = new SimpleRecord[1000];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(fixture.time.milliseconds(), null, new byte[] {(byte) i});
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** Offsets are written into the batch header on append, so each append gets its own copy. */
    private static MemoryRecords copyOf(MemoryRecords records) {
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        return MemoryRecords.readableRecords(copy);
    }

    private Path partitionDir() {
        return dir.resolve(LogFixture.TP.topic() + "-" + LogFixture.TP.partition());
    }

    /** The file's layout: magic int32, version int16, ceiling int64, crc int32. */
    private long ceilingOnDisk() throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(partitionDir().resolve(OffsetCeiling.FILE))).getLong(6);
    }

    private static List<String> filesOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
