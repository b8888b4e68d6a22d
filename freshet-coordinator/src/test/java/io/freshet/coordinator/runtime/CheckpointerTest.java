package io.freshet.coordinator.runtime;

import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.freshet.coordinator.runtime.MapStore.delete;
import static io.freshet.coordinator.runtime.MapStore.put;
import static org.assertj.core.api.Assertions.assertThat;

/** The one checkpoint routine: live values written again, the older records dropped once that is durable. */
@Timeout(30)
class CheckpointerTest {

    /** The scripted log counts 100 bytes a record: a checkpoint after more than 5 records. */
    private static final long CHECKPOINT_BYTES = 500;

    private final ScriptedStateLog log = new ScriptedStateLog();
    private RuntimeHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aCheckpointRewritesTheLiveStateAndDropsWhatCameBefore() throws Exception {
        h = new RuntimeHarness(log, Time.SYSTEM, CHECKPOINT_BYTES);
        for (int i = 0; i < 6; i++) {
            h.write(put("k" + (i % 2), i)).get(10, TimeUnit.SECONDS);
        }
        h.write(delete("k0")).get(10, TimeUnit.SECONDS);
        h.onThread(() -> null); // the checkpoint's completion hops onto the thread too

        assertThat(log.deletedBefore()).as("one checkpoint, at the end of the sixth write").containsExactly(6L);
        assertThat(log.records()).extracting(StateRecord::value).containsExactly(4, 5, null);
        h.close();
        h = new RuntimeHarness(log.afterCrash(), Time.SYSTEM, CHECKPOINT_BYTES);
        assertThat(h.live()).containsExactlyEntriesOf(Map.of("k1", 5));
    }

    @Test
    void aCheckpointWrittenWhileWritesAreInFlightIsDroppedWithThemWhenTheyFail() throws Exception {
        h = new RuntimeHarness(log, Time.SYSTEM, CHECKPOINT_BYTES);
        h.write(put("a", 1)).get(10, TimeUnit.SECONDS);
        log.holdDurability();
        for (int i = 2; i <= 6; i++) {
            h.write(put("a", i)); // the fifth one is followed by a checkpoint of a=6, in flight too
        }
        log.failDurability();
        h.onThread(() -> null);

        assertThat(h.live()).containsExactlyEntriesOf(Map.of("a", 1));
        assertThat(log.deletedBefore()).as("a failed checkpoint drops nothing").isEmpty();
        h.close();
        h = new RuntimeHarness(log.afterCrash(), Time.SYSTEM, CHECKPOINT_BYTES);
        assertThat(h.live()).containsExactlyEntriesOf(Map.of("a", 1));
    }

    @Test
    void aCheckpointThatCannotBeAppendedChangesNothingAndIsTriedAgainLater() throws Exception {
        h = new RuntimeHarness(log, Time.SYSTEM, CHECKPOINT_BYTES);
        for (int i = 0; i < 5; i++) {
            h.write(put("k" + i, i)).get(10, TimeUnit.SECONDS);
        }
        // The sixth write fills the disk: it is reverted, and the checkpoint it triggers cannot be written either.
        log.failAppends();
        h.write(put("k5", 5));
        h.write(put("k6", 6));
        h.onThread(() -> null);
        assertThat(log.deletedBefore()).isEmpty();
        assertThat(h.live()).hasSize(5);

        log.appendsSucceed();
        for (int i = 0; i < 6; i++) {
            h.write(put("k" + i, 10 + i)).get(10, TimeUnit.SECONDS);
        }
        h.onThread(() -> null);
        assertThat(log.deletedBefore()).as("tried again after another checkpoint.bytes").hasSize(1);
        h.close();
        h = new RuntimeHarness(log.afterCrash(), Time.SYSTEM, CHECKPOINT_BYTES);
        assertThat(h.live()).hasSize(6).containsEntry("k5", 15);
    }
}
