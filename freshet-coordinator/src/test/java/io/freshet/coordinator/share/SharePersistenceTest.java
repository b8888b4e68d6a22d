package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.StateRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.freshet.coordinator.share.ShareFixture.GROUP;
import static io.freshet.coordinator.share.ShareFixture.TP;
import static io.freshet.coordinator.share.ShareFixture.get;
import static io.freshet.coordinator.share.ShareFixture.offsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What survives a crash (a new coordinator on the durable part of the same state log) and what a failed write
 * leaves: acknowledged records are never delivered again, unacknowledged ones are, delivery counts as written.
 */
class SharePersistenceTest {

    private ShareFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void afterACrashAcknowledgedRecordsStayDoneAndTheOthersComeBackWithTheirCounts() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.log.appendRecords(TP, 2);
        f.log.appendRecords(TP, 2);
        f.acquire("m1", 1, false); // 0..1
        f.acquire("m2", 1, false); // 2..3
        f.acquire("m3", 1, false); // 4..5
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.ack("m2", 3, 3, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.ack("m3", 4, 4, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        f.log.appendRecords(TP, 2);
        f.acquire("m3", 1, false); // 6..7, after the last write
        f.restart();
        assertThat(f.startOffset()).isEqualTo(1);
        Acquired again = f.acquire("m4");
        assertThat(again.ranges()).containsExactly(
            new Acquired.AcquiredRange(1, 2, (short) 1), // the delivery in progress at the crash is not counted
            new Acquired.AcquiredRange(4, 4, (short) 2), // released once: its count was written
            new Acquired.AcquiredRange(5, 7, (short) 1));
        assertThat(offsets(f.acquire("m5"))).isEmpty();
    }

    @Test
    void anAcknowledgementIsAnsweredOnlyOnceDurableAndIsLostWithTheCrashOtherwise() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        f.stateLog.holdDurability();
        CompletableFuture<Errors> ack = f.ackAsync("m1", 0, 1, Acknowledgement.ACCEPT);
        assertThat(f.startOffset()).as("start offsets answer with the durable state").isZero();
        assertThat(ack).isNotDone();
        f.restart();
        assertThat(offsets(f.acquire("m2"))).containsExactly(0L, 1L);
    }

    @Test
    void aFailedWriteFailsTheAcknowledgementAndTheRecordsAreDeliveredAgain() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 3);
        f.acquire("m1");
        f.stateLog.holdDurability();
        CompletableFuture<Errors> ack = f.ackAsync("m1", 0, 1, Acknowledgement.ACCEPT);
        assertThat(offsets(f.acquire("m2"))).as("acknowledged in memory already").isEmpty();
        f.stateLog.failDurability();
        assertThat(get(ack)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(f.startOffset()).isZero();
        // the state before the failed write: never delivered as far as the log knows
        assertThat(f.acquire("m2").ranges()).containsExactly(new Acquired.AcquiredRange(0, 2, (short) 1));
    }

    @Test
    void aRejectIsHandedToTheDeadLetterTopicOnlyOnceDurable() throws Exception {
        f = new ShareFixture();
        f.settings.put(GROUP, ShareFixture.settings("earliest", 30_000, 5, false, "dlq.orders", 0, 0));
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        f.stateLog.holdDurability();
        CompletableFuture<Errors> failed = f.ackAsync("m1", 0, 0, Acknowledgement.REJECT);
        assertThat(f.startOffset()).isZero(); // a round trip: the acknowledgement's write is appended
        f.stateLog.failDurability();
        assertThat(get(failed)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(f.deadLetters).isEmpty();
        f.stateLog.releaseDurability();
        assertThat(f.acquire("m2").ranges()).containsExactly(new Acquired.AcquiredRange(0, 1, (short) 1));
        f.stateLog.holdDurability();
        CompletableFuture<Errors> rejected = f.ackAsync("m2", 0, 0, Acknowledgement.REJECT);
        assertThat(f.startOffset()).isZero();
        assertThat(f.deadLetters).isEmpty();
        f.stateLog.releaseDurability();
        assertThat(get(rejected)).isEqualTo(Errors.NONE);
        assertThat(f.deadLetters).containsExactly(
            new ShareFixture.DeadLetter(0, 0, (short) 1, DeadLetters.Reason.REJECTED));
    }

    @Test
    void aDeadLetterNotReportedWrittenStaysPendingAndIsHandedOverAgainAfterACrash() throws Exception {
        f = new ShareFixture();
        f.settings.put(GROUP, ShareFixture.settings("earliest", 30_000, 5, false, "dlq.orders", 0, 0));
        f.deadLetterOutcome = letter -> new CompletableFuture<>(); // the writer never gets to it
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        assertThat(f.ack("m1", 0, 0, Acknowledgement.REJECT)).isEqualTo(Errors.NONE);
        ShareFixture.DeadLetter rejected = new ShareFixture.DeadLetter(0, 0, (short) 1, DeadLetters.Reason.REJECTED);
        assertThat(f.deadLetters).containsExactly(rejected);
        assertThat(f.startOffset()).as("a pending dead letter does not hold the start offset").isEqualTo(1);
        assertThat(latestSnapshot().deadLetters()).containsExactly(
            new ShareSnapshot.PendingDeadLetter(0, 0, (short) 1, DeadLetters.Reason.REJECTED));

        f.deadLetterOutcome = letter -> CompletableFuture.completedFuture(null);
        f.restart();
        assertThat(f.deadLetters).as("handed over again at start").containsExactly(rejected, rejected);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(latestSnapshot().deadLetters()).as("cleared once written").isEmpty());
        assertThat(f.startOffset()).isEqualTo(1);
        assertThat(offsets(f.acquire("m2"))).containsExactly(1L);

        f.restart();
        assertThat(f.startOffset()).isEqualTo(1);
        assertThat(f.deadLetters).as("written: not handed over a third time").hasSize(2);
    }

    @Test
    void aDeadLetterThatFailsStaysPendingAndOneWrittenIsClearedAtOnce() throws Exception {
        f = new ShareFixture();
        f.settings.put(GROUP, ShareFixture.settings("earliest", 30_000, 1, false, "dlq.orders", 0, 0));
        f.deadLetterOutcome = letter -> letter.first() == 0
            ? CompletableFuture.failedFuture(new IllegalStateException("disk full"))
            : CompletableFuture.completedFuture(null);
        f.log.appendRecords(TP, 3);
        f.acquire("m1");
        assertThat(f.ack("m1", 0, 0, Acknowledgement.REJECT)).isEqualTo(Errors.NONE);
        assertThat(f.ack("m1", 1, 1, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE); // at the delivery limit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(latestSnapshot().deadLetters()).containsExactly(
                new ShareSnapshot.PendingDeadLetter(0, 0, (short) 1, DeadLetters.Reason.REJECTED)));
        assertThat(f.deadLetters).hasSize(2);
        f.restart();
        assertThat(f.deadLetters).as("only the failed one again").hasSize(3).last()
            .isEqualTo(new ShareFixture.DeadLetter(0, 0, (short) 1, DeadLetters.Reason.REJECTED));
    }

    @Test
    void withoutADeadLetterTopicNothingIsPending() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 1);
        f.acquire("m1");
        assertThat(f.ack("m1", 0, 0, Acknowledgement.REJECT)).isEqualTo(Errors.NONE);
        assertThat(latestSnapshot().deadLetters()).isEmpty();
        assertThat(f.deadLetters).isEmpty();
    }

    /** The share partition's latest snapshot in the state log. */
    private ShareSnapshot latestSnapshot() {
        List<StateRecord> records = f.stateLog.records();
        return (ShareSnapshot) records.get(records.size() - 1).value();
    }

    @Test
    void aFailedAppendFailsAtOnceAndChangesNothing() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 1);
        f.acquire("m1");
        f.stateLog.failAppends();
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        f.stateLog.appendsSucceed();
        assertThat(offsets(f.acquire("m2"))).containsExactly(0L);
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.INVALID_RECORD_STATE);
        assertThat(f.ack("m2", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
    }

    @Test
    void theFirstAcquireAnswersOnlyOnceTheGroupsStartIsDurable() throws Exception {
        f = new ShareFixture();
        f.log.appendRecords(TP, 3);
        f.stateLog.failAppends();
        assertThatThrownBy(() -> f.acquire("m1")).isInstanceOf(ExecutionException.class);
        assertThat(f.startOffset()).isEqualTo(-1);
        f.stateLog.appendsSucceed();
        f.acquire("m1");
        f.log.appendRecords(TP, 1);
        f.restart();
        assertThat(offsets(f.acquire("m1"))).containsExactly(3L);
    }

    @Test
    void theGroupsStartOffsetsCanBeMovedAndDeleted() throws Exception {
        f = new ShareFixture().earliest();
        TopicPartition other = new TopicPartition("payments", 0);
        f.log.appendRecords(TP, 5);
        f.acquire("m1");
        f.ack("m1", 0, 4, Acknowledgement.RELEASE);
        Map<TopicPartition, Errors> altered = get(f.coordinator.alterStartOffsets(GROUP, Map.of(TP, 3L, other, 7L)));
        assertThat(altered).containsEntry(TP, Errors.NONE).containsEntry(other, Errors.NONE);
        f.restart();
        assertThat(get(f.coordinator.startOffsets(GROUP, List.of(TP, other)))).containsEntry(TP, 3L)
            .containsEntry(other, 7L);
        assertThat(f.acquire("m1").ranges()).containsExactly(new Acquired.AcquiredRange(3, 4, (short) 1));
        assertThat(get(f.coordinator.deleteState(GROUP, List.of("orders")))).containsEntry("orders", Errors.NONE);
        assertThat(get(f.coordinator.startOffsets(GROUP, List.of(TP, other)))).containsEntry(TP, -1L)
            .containsEntry(other, 7L);
        get(f.coordinator.deleteGroup(GROUP));
        f.restart();
        assertThat(get(f.coordinator.startOffsets(GROUP, List.of(TP, other)))).containsEntry(TP, -1L)
            .containsEntry(other, -1L);
        assertThat(f.stateLog.records().get(f.stateLog.records().size() - 1).isTombstone()).isTrue();
    }

    @Test
    void describedOffsetsCountTheDoneRecordsAfterTheStartForTheLag() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 10);
        f.acquire("m1");
        f.ack("m1", 0, 1, Acknowledgement.ACCEPT);
        f.ack("m1", 4, 4, Acknowledgement.ACCEPT);
        f.ack("m1", 6, 7, Acknowledgement.REJECT);
        ShareStates.ShareOffsets offsets = get(f.coordinator.offsets(GROUP, List.of(TP, new TopicPartition("x", 0))))
            .get(TP);
        assertThat(offsets).isEqualTo(new ShareStates.ShareOffsets(2, 3));
        assertThat(offsets.lag(10)).isEqualTo(5); // 2, 3, 5, 8, 9
        assertThat(get(f.coordinator.offsets(GROUP, List.of(new TopicPartition("x", 0))))).isEmpty();
    }

    @Test
    void aCheckpointKeepsTheLatestStateOfEveryPartition() throws Exception {
        f = new ShareFixture(new ShareCoordinatorConfig(2000, 300)).earliest();
        f.log.appendRecords(TP, 10);
        f.acquire("m1");
        for (long o = 0; o < 6; o++) {
            f.ack("m1", o, o, o % 2 == 0 ? Acknowledgement.ACCEPT : Acknowledgement.RELEASE);
        }
        assertThat(f.stateLog.deletedBefore()).isNotEmpty();
        f.restart();
        assertThat(f.acquire("m2").ranges()).containsExactly(
            new Acquired.AcquiredRange(1, 1, (short) 2), new Acquired.AcquiredRange(3, 3, (short) 2),
            new Acquired.AcquiredRange(5, 5, (short) 2), new Acquired.AcquiredRange(6, 9, (short) 1));
    }
}
