package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Torn, truncated and corrupted files after a crash: recovery keeps exactly the valid prefix. */
class RecoveryTest {

    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "1024",
        "index.interval.bytes", "150");

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

    private Path partitionDir() {
        return dir.resolve("events-0");
    }

    private Path segmentFile(long base, String suffix) {
        return partitionDir().resolve(LogSegment.fileName(base, suffix));
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i + ":v" + i);
        }
        return out;
    }

    private void appendValues(DiskLog log, int from, int to) {
        for (int i = from; i < to; i++) {
            log.append(Batches.batch(1_000L + i, "v" + i));
        }
    }

    @Test
    void shouldTruncateATornTailAtEveryByteOfTheLastBatch() throws Exception {
        DiskLog log = fixture.log(Map.of());
        appendValues(log, 0, 5);
        fixture.store.halt();
        Path segment = segmentFile(0, LogSegment.LOG_SUFFIX);
        byte[] whole = Files.readAllBytes(segment);
        int lastBatch = SegmentFiles.batchPositions(segment).get(4);

        for (int cut = lastBatch; cut < whole.length; cut++) {
            int size = cut;
            DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> restore(segment, whole, size));
            assertThat(recovered.logEndOffset()).as("cut at %d", cut).isEqualTo(4);
            assertThat(Batches.readAll(recovered, 0)).as("cut at %d", cut).isEqualTo(expected(0, 4));
            assertThat(Files.size(segment)).isEqualTo(lastBatch);
        }
        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> { });
        assertThat(recovered.append(Batches.batch(2_000, "v4")).firstOffset()).isEqualTo(4);
        assertThat(Batches.readAll(recovered, 0)).isEqualTo(expected(0, 5));
    }

    private static void restore(Path file, byte[] content, int size) {
        try {
            Files.write(file, java.util.Arrays.copyOf(content, size));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldCutGarbageAppendedAfterTheLastBatch() throws Exception {
        DiskLog log = fixture.log(Map.of());
        appendValues(log, 0, 5);
        Path segment = segmentFile(0, LogSegment.LOG_SUFFIX);
        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> {
            try {
                SegmentFiles.append(segment, "this is not a record batch, just noise at the end".getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(Batches.readAll(recovered, 0)).isEqualTo(expected(0, 5));
        assertThat(recovered.append(Batches.batch(2_000, "v5")).firstOffset()).isEqualTo(5);
    }

    @Test
    void shouldRebuildDeletedIndexesAfterACleanShutdown() throws Exception {
        DiskLog log = fixture.log(SMALL_SEGMENTS);
        appendValues(log, 0, 200);
        fixture.store.close();
        try (var files = Files.list(partitionDir())) {
            for (Path p : files.filter(p -> p.toString().endsWith("index")).toList()) {
                Files.delete(p);
            }
        }
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time);
        DiskLog reopened = fixture.log(SMALL_SEGMENTS);
        assertEveryLookupRight(reopened, 200);
    }

    @Test
    void shouldRebuildCorruptIndexes() throws Exception {
        DiskLog log = fixture.log(SMALL_SEGMENTS);
        appendValues(log, 0, 200);
        fixture.store.close();
        SegmentFiles.flipByte(segmentFile(0, LogSegment.INDEX_SUFFIX), 40);
        SegmentFiles.truncate(segmentFile(0, LogSegment.TIME_INDEX_SUFFIX), 10);
        long secondSegment = firstSegmentBases().get(1);
        SegmentFiles.append(segmentFile(secondSegment, LogSegment.INDEX_SUFFIX), new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time);
        DiskLog reopened = fixture.log(SMALL_SEGMENTS);
        assertEveryLookupRight(reopened, 200);
    }

    @Test
    void shouldKeepTheValidPrefixWhenAnOlderSegmentIsCorrupt() throws Exception {
        DiskLog log = fixture.log(SMALL_SEGMENTS);
        appendValues(log, 0, 200);
        List<Long> bases = firstSegmentBases();
        long damagedBase = bases.get(2);
        Path damaged = segmentFile(damagedBase, LogSegment.LOG_SUFFIX);
        DiskLog recovered = fixture.crashAndReopen(SMALL_SEGMENTS, () -> {
            try {
                int third = SegmentFiles.batchPositions(damaged).get(2);
                SegmentFiles.flipByte(damaged, third + DefaultRecordBatch.RECORD_BATCH_OVERHEAD + 1);
                Files.delete(segmentFile(damagedBase, LogSegment.INDEX_SUFFIX));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int keep = (int) damagedBase + 2;
        assertThat(recovered.logEndOffset()).isEqualTo(keep);
        assertThat(Batches.readAll(recovered, 0)).isEqualTo(expected(0, keep));
        assertThat(recovered.append(Batches.batch(5_000, "again")).firstOffset()).isEqualTo(keep);
    }

    @Test
    void shouldSkipTheScanAfterACleanShutdown() throws Exception {
        DiskLog log = fixture.log(SMALL_SEGMENTS);
        appendValues(log, 0, 50);
        fixture.store.close();
        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).exists();
        // Garbage after the last batch of a cleanly closed segment: trusted indexes say the file is longer than
        // they describe, so the segment is scanned anyway and the garbage cut.
        long last = firstSegmentBases().get(firstSegmentBases().size() - 1);
        SegmentFiles.append(segmentFile(last, LogSegment.LOG_SUFFIX), new byte[]{9, 9, 9});
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time);
        assertThat(dir.resolve(LogStore.CLEAN_SHUTDOWN_FILE)).doesNotExist();
        DiskLog reopened = fixture.log(SMALL_SEGMENTS);
        assertThat(Batches.readAll(reopened, 0)).isEqualTo(expected(0, 50));
    }

    @Test
    void shouldScanTheLastSegmentAfterAnUncleanStopEvenWhenItsIndexesLookIntact() throws Exception {
        DiskLog log = fixture.log(Map.of());
        appendValues(log, 0, 5);
        fixture.restart(Map.of());
        // Same size as the indexes say, but the last batch's bytes are not what was written: what a power loss
        // can leave when the file size reached the disk and the data did not.
        Path segment = segmentFile(0, LogSegment.LOG_SUFFIX);
        int lastBatch = SegmentFiles.batchPositions(segment).get(4);
        DiskLog recovered = fixture.crashAndReopen(Map.of(), () -> {
            try {
                SegmentFiles.flipByte(segment, lastBatch + DefaultRecordBatch.RECORD_BATCH_OVERHEAD + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(recovered.logEndOffset()).isEqualTo(4);
        assertThat(Batches.readAll(recovered, 0)).isEqualTo(expected(0, 4));
    }

    private List<Long> firstSegmentBases() throws IOException {
        try (var files = Files.list(partitionDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        }
    }

    private static void assertEveryLookupRight(DiskLog log, int count) {
        for (int offset = 0; offset < count; offset++) {
            assertThat(Batches.offsetsAndValues(log.read(offset, 1, true).memoryRecords()))
                .as("read at %d", offset).containsExactly(offset + ":v" + offset);
            assertThat(log.offsetForTimestamp(1_000L + offset).map(t -> t.offset)).contains((long) offset);
        }
    }
}
