package io.freshet.storage.log;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code log.zero.fill.ahead.bytes}: the active segment is written with zeros ahead of its data. Readers never see
 * the zeros, roll and clean shutdown cut them off, and a crash anywhere (inside a batch written over zeros, during
 * a zero write) recovers exactly the whole batches, as a torn tail without zeros does.
 */
class ZeroFillTest {

    private static final int AHEAD = 64 * 1024;
    private static final Map<String, String> ROLL_EVERY_SECOND = Map.of("segment.ms", "1000");

    @TempDir
    Path dir;
    final FaultyStorageIo io = new FaultyStorageIo();
    LogFixture fixture;

    @BeforeEach
    void open() throws IOException {
        fixture = new LogFixture(dir, LogStoreConfig.defaults().withStorageIo(io).withZeroFillAheadBytes(AHEAD));
    }

    @AfterEach
    void close() throws IOException {
        io.disarmAll();
        fixture.close();
    }

    @Test
    void shouldCutABatchTornInsideZeroFilledSpaceAtEveryByte() throws Exception {
        DiskLog log = fixture.log(Map.of());
        appendDurably(log, 0, 4);
        Path segment = segmentFile(0);
        awaitZerosAhead(log, segment);
        int lastBatch = (int) log.sizeInBytes();
        appendDurably(log, 4, 5); // over the zeros
        int dataEnd = (int) log.sizeInBytes();
        fixture.store.halt();
        byte[] whole = Files.readAllBytes(segment);
        assertThat(whole.length).as("zeros after the data").isGreaterThan(dataEnd);

        assertThat(zeros(whole, dataEnd - 2, dataEnd)).as("a batch that does not end in two zero bytes").isFalse();
        for (int written = 0; written <= dataEnd - lastBatch; written++) {
            byte[] torn = whole.clone();
            Arrays.fill(torn, lastBatch + written, dataEnd, (byte) 0); // the rest of the batch never reached the disk
            // A batch ends in a zero byte (its last record's header count): torn there, the file holds it whole.
            boolean whole5 = zeros(whole, lastBatch + written, dataEnd);
            DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> write(segment, torn));
            String at = "batch torn after " + written + " bytes";
            assertThat(recovered.logEndOffset()).as(at).isEqualTo(whole5 ? 5 : 4);
            assertThat(Batches.readAll(recovered, 0)).as(at).isEqualTo(expected(0, whole5 ? 5 : 4));
            assertThat(Files.size(segment)).as(at).isEqualTo(whole5 ? dataEnd : lastBatch);
            assertThat(recovered.sizeInBytes()).as(at).isEqualTo(whole5 ? dataEnd : lastBatch);
        }

        byte[] torn = whole.clone();
        Arrays.fill(torn, lastBatch + 30, dataEnd, (byte) 0);
        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> write(segment, torn));
        AppendResult next = recovered.append(Batches.batch(2_000, "w4"));
        assertThat(next.firstOffset()).isEqualTo(4);
        assertThat(recovered.sizeInBytes()).as("the new batch starts where the torn one did")
            .isEqualTo(lastBatch + Batches.batch(2_000, "w4").sizeInBytes());
        recovered.awaitDurable(4).get(10, TimeUnit.SECONDS);
        DiskLog again = fixture.crashAndReopen(Map.of(), () -> { });
        List<String> values = new ArrayList<>(expected(0, 4));
        values.add("4:w4");
        assertThat(Batches.readAll(again, 0)).isEqualTo(values);
    }

    @Test
    void shouldRecoverAFileCutAnywhereInAZeroChunkBeingWritten() throws Exception {
        DiskLog log = fixture.log(Map.of());
        appendDurably(log, 0, 3);
        int dataEnd = (int) log.sizeInBytes();
        fixture.store.halt();
        Path segment = segmentFile(0);
        byte[] data = Arrays.copyOf(Files.readAllBytes(segment), dataEnd);

        for (int zeros : new int[]{0, 1, 11, 12, 13, 60, 61, 62, 4095, 4096, 4097, ZeroTail.CHUNK_BYTES + 7}) {
            DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> write(segment, Arrays.copyOf(data,
                dataEnd + zeros)));
            assertThat(recovered.logEndOffset()).as("%d zeros", zeros).isEqualTo(3);
            assertThat(Batches.readAll(recovered, 0)).as("%d zeros", zeros).isEqualTo(expected(0, 3));
            assertThat(Files.size(segment)).as("%d zeros", zeros).isEqualTo(dataEnd);
        }
        // The length set before the zeros were written (a sparse extension): the same as zeros to a reader.
        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> setLength(segment, dataEnd + 3 * AHEAD));
        assertThat(recovered.logEndOffset()).isEqualTo(3);
        assertThat(recovered.append(Batches.batch(2_000, "v3")).firstOffset()).isEqualTo(3);
        recovered.awaitDurable(3).get(10, TimeUnit.SECONDS);
        assertThat(Batches.readAll(fixture.crashAndReopen(Map.of(), () -> { }), 0)).isEqualTo(expected(0, 4));
    }

    @Test
    void shouldNeverShowTheZerosToReadersAndCutThemAtACleanShutdown() throws Exception {
        DiskLog log = fixture.log(Map.of());
        appendDurably(log, 0, 3);
        Path segment = segmentFile(0);
        awaitZerosAhead(log, segment);
        int dataEnd = (int) log.sizeInBytes();
        assertThat(Files.size(segment)).isGreaterThanOrEqualTo(dataEnd + AHEAD);
        assertThat(Batches.readAll(log, 0)).isEqualTo(expected(0, 3));
        assertThat(log.read(3, 1 << 20, true, false).records().sizeInBytes()).isZero();

        DiskLog restarted = fixture.restart(Map.of());

        assertThat(Files.size(segment)).as("trimmed at close, before the index records the size").isEqualTo(dataEnd);
        assertThat(restarted.sizeInBytes()).isEqualTo(dataEnd);
        assertThat(restarted.append(Batches.batch(2_000, "v3")).firstOffset()).isEqualTo(3);
        assertThat(Batches.readAll(restarted, 0)).isEqualTo(expected(0, 4));
        DiskLog second = fixture.restart(Map.of());
        assertThat(Batches.readAll(second, 0)).isEqualTo(expected(0, 4));
    }

    @Test
    void shouldCutTheZerosOfASegmentRolledWhileTheyWereAhead() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        appendDurably(log, 0, 2);
        Path first = segmentFile(0);
        awaitZerosAhead(log, first);
        int firstData = (int) log.sizeInBytes();

        fixture.time.sleep(1_001);
        appendDurably(log, 2, 4); // rolls at offset 2; the flush seals segment 0

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(Files.size(first)).as("sealed: cut back to its data").isEqualTo(firstData);
        awaitZerosAhead(log, segmentFile(2));
        assertThat(Batches.readAll(log, 0)).isEqualTo(expected(0, 4));
        DiskLog crashed = fixture.crashAndReopen(ROLL_EVERY_SECOND, () -> { });
        assertThat(Batches.readAll(crashed, 0)).isEqualTo(expected(0, 4));
        assertThat(Files.size(first)).isEqualTo(firstData);
    }

    @Test
    void shouldKeepEveryDurableBatchWhileAppendsRaceTheZeroFill() throws Exception {
        DiskLog log = fixture.log(Map.of());
        int count = 3_000;
        for (int i = 0; i < count; i++) {
            log.append(Batches.batch(1_000L + i, "v" + i));
            if (i % 7 == 0) {
                log.awaitDurable(i).get(10, TimeUnit.SECONDS);
            }
        }
        log.awaitDurable(count - 1).get(10, TimeUnit.SECONDS);
        assertThat(log.sizeInBytes()).as("the writer ran over several fills").isGreaterThan(3L * AHEAD);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(segmentFile(0)) > log.sizeInBytes());

        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> { });

        assertThat(Batches.readAll(recovered, 0)).isEqualTo(expected(0, count));
    }

    @Test
    void shouldSkipAZeroFillThatMeetsAFullDisk() throws Exception {
        DiskLog log = fixture.log(Map.of());
        log.append(Batches.batch(1_000, "v0"));
        FaultyStorageIo.Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(".log"), Errno.ENOSPC)
            .tornAfter(1_000);
        log.awaitDurable(0).get(10, TimeUnit.SECONDS); // the flush queues a zero-fill, whose first write fails
        await().atMost(Duration.ofSeconds(10)).until(() -> full.hits() > 0);
        full.disarm();

        appendDurably(log, 1, 3);

        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(Batches.readAll(log, 0)).isEqualTo(expected(0, 3));
        assertThat(Batches.readAll(fixture.crashAndReopen(Map.of(), () -> { }), 0)).isEqualTo(expected(0, 3));
    }

    @Test
    void shouldFailThePartitionWhenTheFsyncOfItsZerosFails() throws Exception {
        DiskLog log = fixture.log(Map.of());
        log.append(Batches.batch(1_000, "v0"));
        // The data's fdatasync passes; the next one on the file is the zeros'.
        io.inject(Op.FORCE, FaultyStorageIo.suffix(".log"), Errno.EIO).onNth(2);
        log.awaitDurable(0).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(log::hasStorageFailed);

        assertThat(Batches.readAll(log, 0)).as("what was acknowledged").isEqualTo(expected(0, 1));
        io.disarmAll();
        assertThat(Batches.readAll(fixture.crashAndReopen(Map.of(), () -> { }), 0)).isEqualTo(expected(0, 1));
    }

    @Test
    void shouldKeepTheZerosOfAllPartitionsWithinTheBudget() throws Exception {
        int partitions = ZeroFiller.BUDGET_PARTITIONS + 8;
        List<DiskLog> logs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            DiskLog log = (DiskLog) fixture.store.openLog(new TopicPartition("many", p), LogConfig.defaults());
            appendDurably(log, 0, 1);
            logs.add(log);
        }
        DiskLog idle = (DiskLog) fixture.store.openLog(new TopicPartition("idle", 0), LogConfig.defaults());
        idle.append(Batches.batch(1_000, "v0")); // never fsynced: flush.ms is a second away on the fixture's clock

        await().atMost(Duration.ofSeconds(10)).until(() -> zerosAhead(logs) >= (long) ZeroFiller.BUDGET_PARTITIONS * AHEAD);

        assertThat(zerosAhead(logs)).isEqualTo((long) ZeroFiller.BUDGET_PARTITIONS * AHEAD);
        assertThat(zerosAhead(List.of(idle))).as("a partition nobody fsyncs gets no zeros").isZero();
    }

    private static long zerosAhead(List<DiskLog> logs) throws IOException {
        long total = 0;
        for (DiskLog log : logs) {
            total += Files.size(log.activeSegment().file().path()) - log.sizeInBytes();
        }
        return total;
    }

    private static void appendDurably(DiskLog log, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            log.append(Batches.batch(1_000L + i, "v" + i));
        }
        log.awaitDurable(to - 1).get(10, TimeUnit.SECONDS);
    }

    /** Waits for the zero-fill thread to have written {@link #AHEAD} bytes of zeros after the data. */
    private static void awaitZerosAhead(DiskLog log, Path segment) {
        await().atMost(Duration.ofSeconds(10))
            .until(() -> Files.size(segment) >= log.activeSegment().sizeInBytes() + AHEAD);
    }

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i + ":v" + i);
        }
        return out;
    }

    private Path segmentFile(long base) {
        return dir.resolve("events-0").resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX));
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setLength(Path file, long length) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
