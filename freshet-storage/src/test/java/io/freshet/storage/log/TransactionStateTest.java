package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable.AbortedTransaction;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions on one partition: the last stable offset held back by an open transaction, read_committed reads
 * that stop there, markers that end transactions, and aborted transactions a consumer must skip, also after
 * restarts (clean, and kill -9 with the state rebuilt from the batches).
 */
class TransactionStateTest {

    private static final long PID_A = 1000;
    private static final long PID_B = 2000;
    private static final short EPOCH = 0;

    @TempDir
    Path dir;
    private LogFixture fixture;
    private DiskLog log;

    @BeforeEach
    void open() throws Exception {
        fixture = new LogFixture(dir);
        log = fixture.log(Map.of());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void anOpenTransactionHoldsBackTheLastStableOffsetUntilItsMarker() {
        log.append(Batches.batch(1, "plain-0", "plain-1"));                 // offsets 0-1
        log.append(transactional(PID_A, 0, "a-0", "a-1"));                  // offsets 2-3, opens A at 2
        log.append(Batches.batch(1, "plain-4"));                            // offset 4
        assertThat(log.highWatermark()).isEqualTo(5);
        assertThat(log.lastStableOffset()).isEqualTo(2);
        assertThat(committedValues(0)).containsExactly("plain-0", "plain-1");
        assertThat(log.read(2, 1 << 20, true, true).records().sizeInBytes()).isZero();

        AppendResult marker = log.appendTransactionMarker(PID_A, EPOCH, true, 0);  // offset 5
        assertThat(marker.firstOffset()).isEqualTo(5);
        assertThat(log.lastStableOffset()).isEqualTo(6);
        assertThat(committedValues(0)).containsExactly("plain-0", "plain-1", "a-0", "a-1", "plain-4");
        assertThat(log.abortedTransactions(0, 6)).isEmpty();
    }

    @Test
    void anAbortedTransactionIsListedForTheRangesItOverlaps() {
        log.append(transactional(PID_A, 0, "a-0"));                         // 0, opens A
        log.append(transactional(PID_B, 0, "b-1"));                         // 1, opens B
        log.append(transactional(PID_A, 1, "a-2"));                         // 2
        log.appendTransactionMarker(PID_A, EPOCH, false, 0);                // 3: abort A
        assertThat(log.lastStableOffset()).as("B still open").isEqualTo(1);
        log.appendTransactionMarker(PID_B, EPOCH, true, 0);                 // 4: commit B
        assertThat(log.lastStableOffset()).isEqualTo(5);

        assertThat(log.abortedTransactions(0, 5)).containsExactly(new AbortedTransaction(PID_A, 0, 3));
        assertThat(log.abortedTransactions(3, 5)).hasSize(1);
        assertThat(log.abortedTransactions(4, 5)).as("ends before the range").isEmpty();
    }

    @Test
    void aMarkerWithAnOlderEpochThanTheProducersIsRefused() {
        log.append(transactional(PID_A, (short) 3, 0, "a-0"));
        assertThatThrownBy(() -> log.appendTransactionMarker(PID_A, (short) 2, true, 0))
            .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.lastStableOffset()).isZero();
    }

    @Test
    void openAndAbortedTransactionsSurviveACleanRestartAndACrash() throws Exception {
        log.append(transactional(PID_A, 0, "a-0"));                         // 0
        log.appendTransactionMarker(PID_A, EPOCH, false, 0);                // 1: abort
        log.append(transactional(PID_B, 0, "b-2"));                         // 2: B stays open
        log.append(Batches.batch(1, "plain-3"));                            // 3

        log = fixture.restart(Map.of());
        assertThat(log.lastStableOffset()).isEqualTo(2);
        assertThat(log.abortedTransactions(0, 4)).containsExactly(new AbortedTransaction(PID_A, 0, 1));

        log.appendTransactionMarker(PID_B, EPOCH, true, 0);                 // 4
        log.append(transactional(PID_A, (short) 0, 1, "a-5"));              // 5: A's next transaction
        log = fixture.crashAndReopen(Map.of(), () -> { });
        assertThat(log.lastStableOffset()).isEqualTo(5);
        assertThat(log.abortedTransactions(0, 6)).containsExactly(new AbortedTransaction(PID_A, 0, 1));
        assertThat(committedValues(0)).contains("b-2", "plain-3").doesNotContain("a-5");
    }

    @Test
    void theStateIsRebuiltAcrossRolledSegmentsAfterACrash() throws Exception {
        Map<String, String> smallSegments = Map.of("segment.bytes", "1024");
        log = fixture.restart(smallSegments);
        for (int i = 0; i < 10; i++) {
            log.append(transactional(PID_A, i, "a-" + i + "x".repeat(300)));
        }
        log.appendTransactionMarker(PID_A, EPOCH, false, 0);                // offset 10
        log.append(transactional(PID_B, 0, "b-11"));
        assertThat(log.segmentCount()).isGreaterThan(2);
        log = fixture.crashAndReopen(smallSegments, () -> { });
        assertThat(log.lastStableOffset()).isEqualTo(11);
        assertThat(log.abortedTransactions(0, 12)).containsExactly(new AbortedTransaction(PID_A, 0, 10));
    }

    @Test
    void abortedTransactionsBelowTheLogStartAreForgotten() {
        log.append(transactional(PID_A, 0, "a-0"));                         // 0
        log.appendTransactionMarker(PID_A, EPOCH, false, 0);                // 1: abort
        log.append(transactional(PID_B, 0, "b-2"));                         // 2
        log.appendTransactionMarker(PID_B, EPOCH, false, 0);                // 3: abort
        assertThat(log.abortedTransactions(0, 4)).hasSize(2);
        log.deleteRecordsBefore(2);
        assertThat(log.abortedTransactions(0, 4)).containsExactly(new AbortedTransaction(PID_B, 2, 3));
    }

    @Test
    void aReadKnowsTheOffsetAfterItsLastWholeBatch() {
        log.append(Batches.batch(1, "a", "b"));                             // 0-1
        log.append(Batches.batch(1, "c"));                                  // 2
        log.append(Batches.batch(1, "d", "e", "f"));                        // 3-5
        LogReadResult all = log.read(0, 1 << 20, true);
        assertThat(all.records()).as("appended here: served zero-copy").isInstanceOf(SegmentSlice.class);
        assertThat(all.nextOffset(0)).isEqualTo(6);
        int firstBatch = log.read(0, 1 << 20, true).memoryRecords().firstBatchSize();
        assertThat(log.read(0, firstBatch + 10, false).nextOffset(0)).as("a partial batch does not count")
            .isEqualTo(2);
        assertThat(log.read(6, 1 << 20, true).nextOffset(6)).as("nothing read").isEqualTo(6);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static MemoryRecords transactional(long producerId, int sequence, String... values) {
        return transactional(producerId, EPOCH, sequence, values);
    }

    private static MemoryRecords transactional(long producerId, short epoch, int sequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence, records);
    }

    /** Values a read_committed reader gets from {@code from} (control records and aborted data not filtered). */
    private List<String> committedValues(long from) {
        MemoryRecords records = log.read(from, 1 << 20, true, true).memoryRecords();
        return Batches.offsetsAndValues(records).stream()
            .filter(e -> !e.endsWith(":"))
            .map(e -> e.substring(e.indexOf(':') + 1)).filter(v -> !v.isEmpty() && Character.isLetter(v.charAt(0)))
            .toList();
    }
}
