package io.freshet.storage.log;

import io.freshet.storage.testing.LogLines;
import ch.qos.logback.classic.Level;
import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Fault;
import io.freshet.storage.file.FaultyStorageIo.Op;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk (ENOSPC, EDQUOT) at each place the storage writes: the write is refused with KAFKA_STORAGE_ERROR,
 * the log is exactly as before (no torn bytes, no new segment, no .tmp file), the partition stays online, and the
 * next write after space comes back succeeds, without a restart.
 */
class DiskFullTest extends FaultyLogTest {

    @ParameterizedTest(name = "{0}, {1} bytes written before the error")
    @CsvSource({"ENOSPC, 0", "ENOSPC, 30", "EDQUOT, 1"})
    void shouldRefuseAnAppendOnAFullDiskAndLeaveTheLogExactlyAsItWas(Errno errno, int tornBytes) throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 3);
        log.awaitDurable(2).get(10, TimeUnit.SECONDS);
        long sizeBefore = Files.size(segment(0));
        Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(".log"), errno).tornAfter(tornBytes);

        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v3")))
            .isInstanceOf(KafkaStorageException.class)
            .hasMessageContaining("Disk full")
            .hasMessageContaining(errno == Errno.ENOSPC ? "No space left on device" : "Disk quota exceeded");
        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v3"))).isInstanceOf(KafkaStorageException.class);

        assertThat(full.hits()).isEqualTo(2);
        assertThat(Files.size(segment(0))).isEqualTo(sizeBefore);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1", "2:v2");
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(fixture.store.refusedWriteCount()).isEqualTo(2);

        full.disarm();
        assertThat(log.append(Batches.batch(1_000, "v3")).firstOffset()).isEqualTo(3);
        log.awaitDurable(3).get(10, TimeUnit.SECONDS);
        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> { });
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1", "2:v2", "3:v3");
    }

    @Test
    void shouldRefuseARollWhoseSegmentCannotBeCreatedWithoutChangingTheLog() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        append(log, 0, 2);
        fixture.time.sleep(1_001);
        Fault full = io.inject(Op.CREATE, FaultyStorageIo.suffix(".log"), Errno.ENOSPC);

        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v2"))).isInstanceOf(KafkaStorageException.class);

        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(logFiles()).containsExactly(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        assertThat(log.logEndOffset()).isEqualTo(2);
        full.disarm();
        assertThat(log.append(Batches.batch(1_000, "v2")).firstOffset()).isEqualTo(2);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(Batches.readAll(fixture.restart(ROLL_EVERY_SECOND), 0)).containsExactly("0:v0", "1:v1", "2:v2");
    }

    @Test
    void shouldDiscardTheNewSegmentWhenTheFirstAppendToItHitsAFullDisk() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        append(log, 0, 2);
        fixture.time.sleep(1_001);
        String next = LogSegment.fileName(2, LogSegment.LOG_SUFFIX);
        Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(next), Errno.ENOSPC).tornAfter(10);

        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v2"))).isInstanceOf(KafkaStorageException.class);

        assertThat(full.hits()).isEqualTo(1);
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(logFiles()).containsExactly(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1");
        full.disarm();
        assertThat(log.append(Batches.batch(1_000, "v2")).firstOffset()).isEqualTo(2);
        log.awaitDurable(2).get(10, TimeUnit.SECONDS);
        assertThat(Batches.readAll(fixture.crashAndReopen(ROLL_EVERY_SECOND, () -> { }), 0))
            .containsExactly("0:v0", "1:v1", "2:v2");
    }

    @Test
    void shouldKeepThePartitionOnlineWhenTheIndexFilesOfARolledSegmentDoNotFit() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        append(log, 0, 3);
        fixture.time.sleep(1_001);
        Fault full = io.inject(Op.WRITE, path -> path.getFileName().toString().contains("index"), Errno.ENOSPC);
        append(log, 3, 1); // rolls: the flusher seals segment 0

        log.awaitDurable(3).get(10, TimeUnit.SECONDS);

        assertThat(full.hits()).isPositive();
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(filesEndingWith(".tmp")).isEmpty();
        assertThat(partitionDir().resolve(LogSegment.fileName(0, LogSegment.INDEX_SUFFIX))).doesNotExist();
        assertThat(log.sealedSegments()).hasSize(1);
        full.disarm();
        append(log, 4, 1);
        DiskLog reopened = fixture.restart(ROLL_EVERY_SECOND);
        assertThat(Batches.readAll(reopened, 0)).containsExactly("0:v0", "1:v1", "2:v2", "3:v3", "4:v4");
        assertThat(Batches.readAll(reopened, 2)).first().isEqualTo("2:v2");
    }

    @Test
    void shouldSkipTheProducerSnapshotOnAFullDiskAndWriteItAtShutdown() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        log.append(Batches.idempotent(7, (short) 0, 0, "a"));
        fixture.time.sleep(1_001);
        Fault full = io.inject(Op.CREATE, FaultyStorageIo.suffix(ProducerStateTable.SNAPSHOT_FILE + ".tmp"),
            Errno.ENOSPC);
        log.append(Batches.idempotent(7, (short) 0, 1, "b")); // rolls: the snapshot is written after the seal

        log.awaitDurable(1).get(10, TimeUnit.SECONDS);

        assertThat(full.hits()).isEqualTo(1);
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(partitionDir().resolve(ProducerStateTable.SNAPSHOT_FILE)).doesNotExist();
        assertThat(filesEndingWith(".tmp")).isEmpty();
        full.disarm();
        DiskLog reopened = fixture.restart(ROLL_EVERY_SECOND);
        assertThat(partitionDir().resolve(ProducerStateTable.SNAPSHOT_FILE)).exists();
        AppendResult retry = reopened.append(Batches.idempotent(7, (short) 0, 1, "b"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(1);
    }

    @Test
    void shouldFailDeleteRecordsOnAFullDiskAndStayWritable() throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 4);
        Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(DiskLog.LOG_START_OFFSET_FILE + ".tmp"),
            Errno.ENOSPC);

        assertThatThrownBy(() -> log.deleteRecordsBefore(2))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("Disk full");

        assertThat(log.logStartOffset()).isZero();
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(filesEndingWith(".tmp")).isEmpty();
        assertThat(log.append(Batches.batch(1_000, "v4")).firstOffset()).isEqualTo(4);
        full.disarm();
        assertThat(log.deleteRecordsBefore(2)).isEqualTo(2);
        assertThat(Batches.readAll(fixture.restart(Map.of()), 2)).containsExactly("2:v2", "3:v3", "4:v4");
    }

    @Test
    void shouldSkipACleaningThatDoesNotFitAndCleanAtALaterPass() throws Exception {
        Map<String, String> compact = Map.of("cleanup.policy", "compact", "segment.ms", "1000");
        DiskLog log = fixture.log(compact);
        for (int i = 0; i < 4; i++) {
            log.append(CompactionTest.kv(1, "k=v" + i));
            fixture.time.sleep(1_001);
        }
        log.append(CompactionTest.kv(1, "other=x"));
        log.awaitDurable(log.logEndOffset() - 1).get(10, TimeUnit.SECONDS);
        Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(LogSegment.CLEANED_SUFFIX), Errno.ENOSPC)
            .tornAfter(20);

        assertThat(fixture.store.cleanLogs()).isZero();

        assertThat(full.hits()).isEqualTo(1);
        assertThat(filesEndingWith(LogSegment.CLEANED_SUFFIX)).isEmpty();
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(log.segmentCount()).isEqualTo(5);
        full.disarm();
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(Batches.readAll(log, 0)).containsExactly("3:v3", "4:x");
    }

    @Test
    void shouldTakeAnErrorForAFullDiskWhenTheDiskHasLessRoomThanTheWriteNeeded() throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 1);
        io.setUsableSpace(() -> 10);
        fixture.store.refreshDiskSpace();
        io.inject(Op.WRITE, FaultyStorageIo.suffix(".log"), Errno.EIO).once();

        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v1"), AppendOrigin.COORDINATOR))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("Disk full");

        assertThat(log.hasStorageFailed()).isFalse();
        io.setUsableSpace(null);
        assertThat(log.append(Batches.batch(1_000, "v1"), AppendOrigin.COORDINATOR).firstOffset()).isEqualTo(1);
    }

    @Test
    void shouldTellTheOperatorOnceWhileTheDiskIsFullAndOnceWhenWritesResume() throws Exception {
        DiskLog log = fixture.log(Map.of());
        try (LogLines lines = new LogLines(DiskSpace.class)) {
            Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(".log"), Errno.ENOSPC);
            for (int i = 0; i < 50; i++) {
                assertThatThrownBy(() -> log.append(Batches.batch(1_000, "x")))
                    .isInstanceOf(KafkaStorageException.class);
            }
            assertThat(lines.at(Level.WARN)).hasSize(1).first().asString()
                .contains(dir.toString()).contains("No space left on device").contains("log.dir.min.free.bytes")
                .contains("writes resume without a restart");

            fixture.time.sleep(60_001);
            assertThatThrownBy(() -> log.append(Batches.batch(1_000, "x"))).isInstanceOf(KafkaStorageException.class);
            assertThat(lines.at(Level.WARN)).hasSize(2).last().asString().contains("still full").contains("51");

            full.disarm();
            log.append(Batches.batch(1_000, "y"));
            log.append(Batches.batch(1_000, "z"));
            assertThat(lines.at(Level.INFO)).hasSize(1).first().asString().contains("51 were refused");
            assertThat(fixture.store.refusedWriteCount()).isEqualTo(51);
        }
    }

    private static void append(DiskLog log, int from, int count) {
        for (int i = from; i < from + count; i++) {
            log.append(Batches.batch(1_000, "v" + i));
        }
    }

    private Path partitionDir() {
        return dir.resolve("events-0");
    }

    private Path segment(long base) {
        return partitionDir().resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX));
    }

    private List<String> logFiles() throws IOException {
        return filesEndingWith(LogSegment.LOG_SUFFIX);
    }

    private List<String> filesEndingWith(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }
}
