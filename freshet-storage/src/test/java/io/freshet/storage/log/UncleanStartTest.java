package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What a start after kill -9 (or a storage failure) makes durable and trusts before it serves the log. */
class UncleanStartTest extends FaultyLogTest {

    @Test
    void shouldFsyncEverySegmentThatRecoveryScannedBeforeServingTheLog() throws Exception {
        DiskLog log = fixture.log(ROLL_EVERY_SECOND);
        for (int i = 0; i < 3; i++) {
            log.append(Batches.batch(1_000, "v" + i));
            fixture.time.sleep(1_001);
        }
        log.awaitDurable(2).get(10, TimeUnit.SECONDS); // segments 0 and 1 sealed, with index files

        DiskLog recovered = fixture.crashAndReopen(ROLL_EVERY_SECOND, () -> {
            deleteIfExists(segmentFile(0, LogSegment.INDEX_SUFFIX)); // scanned: its index is gone
            io.startTrace();
        });

        List<String> fsynced = io.trace().stream().filter(op -> op.startsWith("FORCE") && op.endsWith(".log"))
            .toList();
        assertThat(fsynced).containsExactlyInAnyOrder("FORCE " + LogSegment.fileName(0, LogSegment.LOG_SUFFIX),
            "FORCE " + LogSegment.fileName(2, LogSegment.LOG_SUFFIX)); // 1 was trusted from its index, not scanned
        assertThat(Batches.readAll(recovered, 0)).containsExactly("0:v0", "1:v1", "2:v2");
    }

    @Test
    void shouldIgnoreAProducerSnapshotThatIsAheadOfTheRecoveredLog() throws Exception {
        DiskLog log = fixture.log(Map.of());
        for (int seq = 0; seq < 5; seq++) {
            log.append(Batches.idempotent(7, (short) 0, seq, "v" + seq));
        }
        fixture.store.close(); // snapshot at offset 5
        Path segment = segmentFile(0, LogSegment.LOG_SUFFIX);
        int secondBatch = SegmentFiles.batchPositions(segment).get(1);

        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> {
            try {
                SegmentFiles.truncate(segment, secondBatch); // the disk kept only the first batch
                Files.delete(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(partitionDir().resolve(ProducerStateTable.SNAPSHOT_FILE)).exists();
        assertThat(recovered.logEndOffset()).isEqualTo(1);
        AppendResult next = recovered.append(Batches.idempotent(7, (short) 0, 1, "v1"));
        assertThat(next.duplicate()).as("the snapshot's batch at offset 1 is not in the log any more").isFalse();
        assertThat(next.firstOffset()).isEqualTo(1);
    }

    private Path partitionDir() {
        return dir.resolve("events-0");
    }

    private Path segmentFile(long base, String suffix) {
        return partitionDir().resolve(LogSegment.fileName(base, suffix));
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
