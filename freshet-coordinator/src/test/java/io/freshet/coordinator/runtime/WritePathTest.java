package io.freshet.coordinator.runtime;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.freshet.coordinator.runtime.MapStore.delete;
import static io.freshet.coordinator.runtime.MapStore.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write path: a write is visible to the next operation at once, answered once durable, and reverted (newest
 * first, through the stores' replay) when it fails, synchronously or asynchronously, with several in flight.
 */
@Timeout(30)
class WritePathTest {

    private final ScriptedStateLog log = new ScriptedStateLog();
    private RuntimeHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aWriteIsAppliedAtOnceButAnsweredAndReadAsCommittedOnlyOnceDurable() throws Exception {
        h = new RuntimeHarness(log);
        log.holdDurability();
        CompletableFuture<Void> written = h.write(put("a", 1));

        assertThat(h.live()).containsEntry("a", 1);
        assertThat(h.committed("a")).as("not durable yet").isNull();
        assertThat(written).isNotDone();

        log.releaseDurability();
        written.get(10, TimeUnit.SECONDS);
        assertThat(h.committed("a")).isEqualTo(1);
    }

    @Test
    void anAppendThatThrowsRevertsItsWriteAtOnceAndTheLogStaysWritable() throws Exception {
        h = new RuntimeHarness(log);
        h.write(put("a", 1)).get(10, TimeUnit.SECONDS);
        log.failAppends();

        CompletableFuture<Void> failed = h.write(put("a", 2), put("b", 7));
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(h.live()).containsExactlyEntriesOf(Map.of("a", 1));

        log.appendsSucceed();
        h.write(put("a", 3)).get(10, TimeUnit.SECONDS);
        assertThat(h.live()).containsEntry("a", 3);
        assertThat(log.records()).extracting(StateRecord::value).containsExactly(1, 3);
    }

    @Test
    void aFailedFsyncRevertsEveryWriteInFlightNewestFirstToTheValuesBeforeThem() throws Exception {
        h = new RuntimeHarness(log);
        h.write(put("a", 1), put("c", 9)).get(10, TimeUnit.SECONDS);
        log.holdDurability();
        CompletableFuture<Void> w1 = h.write(put("a", 2));
        CompletableFuture<Void> w2 = h.write(put("a", 3), put("b", 5));
        CompletableFuture<Void> w3 = h.write(delete("c"), put("b", 6));
        assertThat(h.live()).containsEntry("a", 3).containsEntry("b", 6).doesNotContainKey("c");

        log.failDurability();

        for (CompletableFuture<Void> w : List.of(w1, w2, w3)) {
            assertThatThrownBy(() -> w.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(KafkaStorageException.class);
        }
        assertThat(h.live()).containsEntry("a", 1).containsEntry("c", 9).doesNotContainKey("b");
    }

    @Test
    void aFailureOfOneWriteRevertsItAndTheLaterOnesButNotTheEarlierOnes() throws Exception {
        h = new RuntimeHarness(log);
        log.holdDurability();
        CompletableFuture<Void> w1 = h.write(put("a", 1));                // ends at offset 1
        CompletableFuture<Void> w2 = h.write(put("a", 2), put("b", 2));  // ends at 3
        CompletableFuture<Void> w3 = h.write(put("b", 3));                // ends at 4

        log.failDurabilityOf(3);

        assertThatThrownBy(() -> w2.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> w3.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(w1).isNotDone();
        assertThat(h.live()).containsExactlyEntriesOf(Map.of("a", 1));

        log.releaseDurabilityUpTo(1);
        w1.get(10, TimeUnit.SECONDS);
        assertThat(h.committed("a")).isEqualTo(1);
    }

    @Test
    void durabilityIsAPrefixSoALaterFsyncCompletesEarlierWritesToo() throws Exception {
        h = new RuntimeHarness(log);
        log.holdDurability();
        CompletableFuture<Void> w1 = h.write(put("a", 1));
        CompletableFuture<Void> w2 = h.write(put("a", 2));

        log.releaseDurabilityNewestFirst();

        w2.get(10, TimeUnit.SECONDS);
        w1.get(10, TimeUnit.SECONDS);
        assertThat(h.committed("a")).isEqualTo(2);
    }

    @Test
    void readsSeeTheValueBeforeTheOldestInFlightWriteOfTheirKey() throws Exception {
        h = new RuntimeHarness(log);
        h.write(put("a", 1)).get(10, TimeUnit.SECONDS);
        log.holdDurability();
        h.write(put("a", 2));               // ends at 2
        h.write(put("b", 1));               // ends at 3
        h.write(put("a", 3), delete("z"));  // ends at 5

        assertThat(h.committed("a")).isEqualTo(1);
        assertThat(h.committed("b")).isNull();
        assertThat(h.onThread(() -> h.runtime.committedView().keysInFlight()))
            .containsExactlyInAnyOrder(new MapStore.Key("a"), new MapStore.Key("b"), new MapStore.Key("z"));

        // Each release hops onto the coordinator thread before it returns, so the next read sees it.
        log.releaseDurabilityUpTo(2);
        assertThat(h.committed("a")).isEqualTo(2);
        assertThat(h.committed("b")).isNull();

        log.releaseDurability();
        assertThat(h.committed("a")).isEqualTo(3);
        assertThat(h.committed("b")).isEqualTo(1);
        assertThat(h.onThread(() -> h.runtime.committedView().keysInFlight())).isEmpty();
    }

    @Test
    void aWriteOfNothingWaitsForTheWritesBeforeItAndFailsWithThem() throws Exception {
        h = new RuntimeHarness(log);
        assertThat(h.write()).as("nothing in flight: answered at once").isDone();
        log.holdDurability();
        CompletableFuture<Void> w1 = h.write(put("a", 1));
        CompletableFuture<Void> nothing = h.write();
        assertThat(nothing).isNotDone();

        log.failDurability();

        assertThatThrownBy(() -> nothing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> w1.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
    }

    @Test
    void aRestartReplaysOnlyWhatWasDurable() throws Exception {
        h = new RuntimeHarness(log);
        h.write(put("a", 1)).get(10, TimeUnit.SECONDS);
        log.holdDurability();
        h.write(put("a", 2), put("b", 2));
        h.close();

        h = new RuntimeHarness(log.afterCrash());
        assertThat(h.live()).containsExactlyEntriesOf(Map.of("a", 1));
    }
}
