package io.freshet.storage.log;

import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotentProducerTest {

    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "1024");

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
    void shouldAnswerARetriedBatchWithItsOriginalOffsets() {
        DiskLog log = fixture.log(Map.of());
        AppendResult first = log.append(Batches.idempotent(7, (short) 0, 0, "a", "b"));
        log.append(Batches.idempotent(7, (short) 0, 2, "c"));
        AppendResult retry = log.append(Batches.idempotent(7, (short) 0, 0, "a", "b"));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset());
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void shouldRefuseGapsAndStaleEpochs() {
        DiskLog log = fixture.log(Map.of());
        log.append(Batches.idempotent(7, (short) 1, 0, "a"));
        assertThatThrownBy(() -> log.append(Batches.idempotent(7, (short) 1, 5, "gap")))
            .isInstanceOf(OutOfOrderSequenceException.class);
        assertThatThrownBy(() -> log.append(Batches.idempotent(7, (short) 0, 1, "old")))
            .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.append(Batches.idempotent(7, (short) 2, 3, "new epoch not at 0")))
            .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.append(Batches.idempotent(7, (short) 2, 0, "new epoch")).firstOffset()).isEqualTo(1);
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void shouldRecogniseRetriesAfterACleanRestart() throws Exception {
        DiskLog log = fixture.log(SMALL_SEGMENTS);
        for (int seq = 0; seq < 50; seq++) {
            log.append(Batches.idempotent(9, (short) 0, seq, "v" + seq));
        }
        DiskLog reopened = fixture.restart(SMALL_SEGMENTS);
        AppendResult retry = reopened.append(Batches.idempotent(9, (short) 0, 49, "v49"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(49);
        assertThat(reopened.append(Batches.idempotent(9, (short) 0, 50, "v50")).firstOffset()).isEqualTo(50);
    }

    @Test
    void shouldRebuildProducerStateFromTheLogAfterACrashWithoutSnapshot() throws Exception {
        DiskLog log = fixture.log(SMALL_SEGMENTS);
        for (int seq = 0; seq < 50; seq++) {
            log.append(Batches.idempotent(9, (short) 0, seq, "v" + seq));
        }
        DiskLog reopened = fixture.crashAndReopen(SMALL_SEGMENTS, () -> {
            try {
                Files.deleteIfExists(dir.resolve("events-0").resolve(ProducerStateTable.SNAPSHOT_FILE));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        AppendResult retry = reopened.append(Batches.idempotent(9, (short) 0, 47, "v47"));
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(47);
        assertThatThrownBy(() -> reopened.append(Batches.idempotent(9, (short) 0, 52, "gap")))
            .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(reopened.logEndOffset()).isEqualTo(50);
    }

    @Test
    void shouldNeverReuseAProducerIdAfterARestart() throws Exception {
        long first = fixture.store.producerIds().nextProducerId();
        long second = fixture.store.producerIds().nextProducerId();
        fixture.store.halt();
        fixture.store = LogStore.open(dir, AppendListener.NONE, fixture.time);
        long afterCrash = fixture.store.producerIds().nextProducerId();
        assertThat(second).isGreaterThan(first);
        assertThat(afterCrash).isGreaterThan(second);
    }
}
