package io.freshet.storage.log;

import io.freshet.storage.testing.LogLines;
import ch.qos.logback.classic.Level;
import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Fault;
import io.freshet.storage.file.FaultyStorageIo.Op;
import io.freshet.storage.producer.ProducerIdAllocator;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failing disk (EIO on a write, any failed fsync) at each place the storage writes, fsyncs, renames or
 * truncates: no acknowledgement for what was not fsynced, ever; the partition's writes refused until a restart;
 * its log cut back to the last fsynced offset, so reads (which go on) and a restart never see data whose fsync
 * failed; no clean-shutdown marker, so the restart recovers as after a crash, with everything acknowledged.
 */
class StorageFailureTest extends FaultyLogTest {

    @Test
    void shouldNeverAcknowledgeWhatAFailedFsyncCoveredAndCutTheLogBackToTheLastFsync() throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 3);
        durable(log);
        long durableSize = Files.size(segment(0));
        append(log, 3, 2); // acks=1: acknowledged, in the page cache only
        io.inject(Op.FORCE, FaultyStorageIo.suffix(".log"), Errno.EIO);

        try (LogLines lines = new LogLines(DiskLog.class)) {
            assertThatThrownBy(() -> log.awaitDurable(4).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("Input/output error").hasMessageContaining("until the broker is restarted");
            assertThat(lines.at(Level.ERROR)).hasSize(1).first().asString()
                .contains("events-0").contains("offset 3").contains("restart the broker");
        }

        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(log.isOffline()).isFalse();
        assertThat(fixture.store.failedPartitions()).containsExactly(LogFixture.TP);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1", "2:v2");
        assertThat(Files.size(segment(0))).isEqualTo(durableSize);
        assertThat(log.awaitDurable(1)).isCompleted();
        assertThat(log.awaitDurable(3)).isCompletedExceptionally();
        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v5")))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("refused until the broker is restarted");
        assertThatThrownBy(() -> log.appendTransactionMarker(1, (short) 0, true, 0))
            .isInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> log.deleteRecordsBefore(1)).isInstanceOf(KafkaStorageException.class);

        io.disarmAll();
        fixture.store.close();
        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        DiskLog recovered = fixture.restart(Map.of());
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1", "2:v2");
        assertThat(recovered.append(Batches.batch(1_000, "v3")).firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldCutTheLogBackWhenAWriteFailsWithAnIoError() throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 2);
        durable(log);
        append(log, 2, 1);
        io.inject(Op.WRITE, FaultyStorageIo.suffix(".log"), Errno.EIO).tornAfter(20);

        assertThatThrownBy(() -> log.append(Batches.batch(1_000, "v3")))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("Input/output error");

        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(2); // v2 was acks=1 only: dropped, as a power loss would
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1");
        assertThat(log.awaitDurable(2)).isCompletedExceptionally();
        DiskLog recovered = fixture.crashAndReopen(Map.of(), io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1");
    }

    @Test
    void shouldKeepOnlyWhatWasFsyncedWhenSealingARolledSegmentFails() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        append(log, 0, 2);
        durable(log);
        append(log, 2, 1);
        io.inject(Op.FORCE, FaultyStorageIo.suffix(LogSegment.fileName(0, LogSegment.LOG_SUFFIX)), Errno.EIO);
        fixture.time.sleep(1_001);
        append(log, 3, 1); // rolls to segment 3; sealing segment 0 fails

        assertThat(log.awaitDurable(3)).failsWithin(10, TimeUnit.SECONDS);

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1");
        assertThat(Files.size(segment(3))).isZero();
        DiskLog recovered = fixture.crashAndReopen(ROLL_EVERY_SECOND, io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1");
        assertThat(recovered.segmentCount()).isEqualTo(1);
        assertThat(recovered.append(Batches.batch(1_000, "again")).firstOffset()).isEqualTo(2);
    }

    @Test
    void shouldFailThePartitionWhenTheDirectoryFsyncOfARollFails() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        append(log, 0, 2);
        durable(log);
        io.inject(Op.FORCE, path -> path.equals(partitionDir()), Errno.EIO);
        fixture.time.sleep(1_001);
        append(log, 2, 1);

        assertThat(log.awaitDurable(2)).failsWithin(10, TimeUnit.SECONDS);

        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(2);
        DiskLog recovered = fixture.crashAndReopen(ROLL_EVERY_SECOND, io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1");
    }

    @Test
    void shouldTakeThePartitionOfflineWhenItsTailCannotBeCutEither() throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 2);
        durable(log);
        append(log, 2, 1);
        io.inject(Op.FORCE, FaultyStorageIo.suffix(".log"), Errno.EIO);
        io.inject(Op.TRUNCATE, FaultyStorageIo.suffix(".log"), Errno.EIO);

        try (LogLines lines = new LogLines(DiskLog.class)) {
            assertThat(log.awaitDurable(2)).failsWithin(10, TimeUnit.SECONDS);
            assertThat(lines.at(Level.ERROR)).hasSize(1).first().asString().contains("OFFLINE")
                .contains("Check the disk");
        }

        assertThat(log.isOffline()).isTrue();
        assertThatThrownBy(() -> log.read(0, 1 << 20, true))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("offline");
        DiskLog recovered = fixture.crashAndReopen(Map.of(), io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).startsWith("0:v0", "1:v1"); // as after a crash
    }

    @Test
    void shouldAcknowledgeDataFsyncedBeforeTheProducerSnapshotFailed() throws Exception {
        // Only the roll asks for a flush: a flush.ms flush racing the roll could fsync less than the rolling batch.
        Map<String, String> rollOnly = Map.of("segment.ms", "1000", "flush.ms", Long.toString(Long.MAX_VALUE));
        DiskLog log = fixture.log(rollOnly);
        log.append(Batches.idempotent(7, (short) 0, 0, "a"));
        fixture.time.sleep(1_001);
        io.inject(Op.FORCE, FaultyStorageIo.suffix(ProducerStateTable.SNAPSHOT_FILE + ".tmp"), Errno.EIO);
        log.append(Batches.idempotent(7, (short) 0, 1, "b")); // rolls: the snapshot follows the fsync

        log.awaitDurable(1).get(10, TimeUnit.SECONDS);

        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(partitionDir().resolve(ProducerStateTable.SNAPSHOT_FILE + ".tmp")).doesNotExist();
        DiskLog recovered = fixture.crashAndReopen(rollOnly, io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:a", "1:b");
        assertThat(recovered.append(Batches.idempotent(7, (short) 0, 1, "b")).duplicate()).isTrue();
    }

    @Test
    void shouldFailDeleteRecordsAndThePartitionWhenTheLogStartOffsetCannotBeFsynced() throws Exception {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 3);
        durable(log);
        io.inject(Op.FORCE, FaultyStorageIo.suffix(DiskLog.LOG_START_OFFSET_FILE + ".tmp"), Errno.EIO);

        assertThatThrownBy(() -> log.deleteRecordsBefore(2)).isInstanceOf(KafkaStorageException.class);

        assertThat(log.logStartOffset()).isZero();
        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(tmpFiles()).isEmpty();
        DiskLog recovered = fixture.crashAndReopen(Map.of(), io::disarmAll);
        assertThat(recovered.logStartOffset()).isZero();
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1", "2:v2");
    }

    @Test
    void shouldFailOnlyTheReadThatHitAnIoError() {
        DiskLog log = fixture.log(Map.of());
        append(log, 0, 3);
        Fault badSector = io.inject(Op.READ, FaultyStorageIo.suffix(".log"), Errno.EIO);

        assertThatThrownBy(() -> Batches.readAll(log, 1))
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("Input/output error");

        assertThat(log.hasStorageFailed()).isFalse();
        badSector.disarm();
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1", "2:v2");
        assertThat(log.append(Batches.batch(1_000, "v3")).firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldNotHandOutTheProducerIdsOfABlockThatWasNotWritten() throws Exception {
        ProducerIdAllocator ids = fixture.store.producerIds();
        Fault fault = io.inject(Op.FORCE, FaultyStorageIo.suffix(ProducerIdAllocator.FILE + ".tmp"), Errno.EIO);

        assertThatThrownBy(ids::nextProducerId)
            .isInstanceOf(KafkaStorageException.class).hasMessageContaining("Input/output error");
        assertThat(dir.resolve(ProducerIdAllocator.FILE + ".tmp")).doesNotExist();

        fault.disarm();
        assertThat(ids.nextProducerId()).isZero();
        fixture.store.close();
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time, fixture.config);
        assertThat(fixture.store.producerIds().nextProducerId()).isEqualTo(1_000); // the next block: never reused
    }

    @Test
    void shouldLeaveTheOldSegmentsWhenTheCleanersRenameFails() throws Exception {
        DiskLog log = compactedLog();
        Fault fault = io.inject(Op.RENAME, FaultyStorageIo.suffix(LogSegment.CLEANED_SUFFIX), Errno.EIO);

        assertThat(fixture.store.cleanLogs()).isZero();

        assertThat(fault.hits()).isEqualTo(1);
        assertThat(log.hasStorageFailed()).isFalse();
        assertThat(filesEndingWith(LogSegment.CLEANED_SUFFIX)).isEmpty();
        assertThat(filesEndingWith(LogSegment.SWAP_SUFFIX)).isEmpty();
        fault.disarm();
        assertThat(fixture.store.cleanLogs()).isEqualTo(1);
        assertThat(Batches.readAll(log, 0)).containsExactly("3:v3", "4:x");
    }

    @Test
    void shouldFinishTheSwapAtRestartWhenTheDirectoryFsyncAfterTheCommitPointFails() throws Exception {
        DiskLog log = compactedLog();
        io.inject(Op.FORCE, path -> path.equals(partitionDir()), Errno.EIO);

        assertThat(fixture.store.cleanLogs()).isZero();

        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(filesEndingWith(LogSegment.SWAP_SUFFIX)).hasSize(1);
        assertThat(Batches.readAll(log, 0)).containsExactly("0:v0", "1:v1", "2:v2", "3:v3", "4:x");
        DiskLog recovered = fixture.crashAndReopen(compact(), io::disarmAll);
        assertThat(filesEndingWith(LogSegment.SWAP_SUFFIX)).isEmpty();
        assertThat(Batches.readAll(recovered, 0)).containsExactly("3:v3", "4:x");
    }

    @Test
    void shouldFinishTheSwapAtRestartWhenRenamingAnOldSegmentFails() throws Exception {
        DiskLog log = compactedLog();
        io.inject(Op.RENAME, FaultyStorageIo.suffix(LogSegment.fileName(1, LogSegment.LOG_SUFFIX)), Errno.EIO);

        assertThat(fixture.store.cleanLogs()).isZero();

        assertThat(log.hasStorageFailed()).isTrue();
        assertThat(Batches.readAll(log, 0)).containsExactly("3:v3", "4:x"); // swapped in memory before the rename
        DiskLog recovered = fixture.crashAndReopen(compact(), io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).containsExactly("3:v3", "4:x");
        assertThat(recovered.append(CompactionTest.kv(1, "k=new")).firstOffset()).isEqualTo(5);
    }

    @Test
    void shouldNotTrustTheOldIndexOfTheSwapsBaseOffsetWhenItsRenameFailed() throws Exception {
        // Segment 0's log is renamed for deletion, its index is not: the index describes a file of the very size
        // of the cleaned one (one batch each), which takes segment 0's name at restart.
        DiskLog log = compactedLog();
        io.inject(Op.RENAME, FaultyStorageIo.suffix(LogSegment.fileName(0, LogSegment.INDEX_SUFFIX)), Errno.EIO);

        assertThat(fixture.store.cleanLogs()).isZero();

        assertThat(log.hasStorageFailed()).isTrue();
        DiskLog recovered = fixture.crashAndReopen(compact(), io::disarmAll);
        assertThat(Batches.readAll(recovered, 0)).containsExactly("3:v3", "4:x");
    }

    /** Five segments, four values of key k then one of another key, all durable and sealed. */
    private DiskLog compactedLog() throws Exception {
        DiskLog log = fixture.log(compact());
        for (int i = 0; i < 4; i++) {
            log.append(CompactionTest.kv(1, "k=v" + i));
            fixture.time.sleep(1_001);
        }
        log.append(CompactionTest.kv(1, "other=x"));
        durable(log);
        return log;
    }

    private static Map<String, String> compact() {
        return Map.of("cleanup.policy", "compact", "segment.ms", "1000");
    }

    private static void append(DiskLog log, int from, int count) {
        for (int i = from; i < from + count; i++) {
            log.append(Batches.batch(1_000, "v" + i));
        }
    }

    private static void durable(DiskLog log) throws Exception {
        CompletableFuture<Void> done = log.awaitDurable(log.logEndOffset() - 1);
        done.get(10, TimeUnit.SECONDS);
    }

    private Path partitionDir() {
        return dir.resolve("events-0");
    }

    private Path segment(long base) {
        return partitionDir().resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX));
    }

    private List<String> tmpFiles() throws IOException {
        return filesEndingWith(".tmp");
    }

    private List<String> filesEndingWith(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }
}
