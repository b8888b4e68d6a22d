package io.freshet.coordinator.share;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.freshet.coordinator.share.ShareFixture.KEY;
import static io.freshet.coordinator.share.ShareFixture.TP;
import static io.freshet.coordinator.share.ShareFixture.offsets;
import static io.freshet.coordinator.share.ShareFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Acquire and acknowledge as ShareFetch and ShareAcknowledge use them: KIP-932's record states. */
class ShareAcquireAcknowledgeTest {

    private ShareFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aNewGroupStartsAtTheLogEndByDefault() throws Exception {
        f = new ShareFixture();
        f.log.appendRecords(TP, 3);
        assertThat(offsets(f.acquire("m1"))).isEmpty();
        assertThat(f.startOffset()).isEqualTo(3);
        f.log.append(TP, "a", "b");
        Acquired acquired = f.acquire("m1");
        assertThat(values(acquired)).containsExactly("a", "b");
        assertThat(acquired.ranges()).containsExactly(new Acquired.AcquiredRange(3, 4, (short) 1));
        assertThat(acquired.lockDurationMs()).isEqualTo(30_000);
    }

    @Test
    void earliestStartsAtTheLogStart() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 3);
        assertThat(values(f.acquire("m1"))).containsExactly("v0", "v1", "v2");
    }

    @Test
    void byDurationStartsAtTheFirstRecordThatYoung() throws Exception {
        f = new ShareFixture();
        f.settings.put(ShareFixture.GROUP, ShareFixture.settings("by_duration:PT1H", 30_000, 5, false, null, 0, 0));
        long now = f.clock.milliseconds();
        f.log.appendAt(TP, now - 7_200_000, "old");
        f.log.appendAt(TP, now - 1_800_000, "recent");
        assertThat(values(f.acquire("m1"))).containsExactly("recent");
    }

    @Test
    void anAcceptedRecordIsNeverDeliveredAgainAndTheStartOffsetMovesPastIt() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 3);
        f.acquire("m1");
        assertThat(f.ack("m1", 0, 1, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.startOffset()).isEqualTo(2);
        f.advance(60_000); // offset 2's lock expires
        assertThat(offsets(f.acquire("m2"))).containsExactly(2L);
    }

    @Test
    void aReleasedRecordIsDeliveredAgainWithItsDeliveryCount() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 3);
        f.acquire("m1");
        assertThat(f.ack("m1", 1, 1, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        assertThat(f.available).contains(KEY);
        Acquired again = f.acquire("m2");
        assertThat(again.ranges()).containsExactly(new Acquired.AcquiredRange(1, 1, (short) 2));
        assertThat(values(again)).containsExactly("v1");
        assertThat(f.startOffset()).isZero();
    }

    @Test
    void rejectedAndGapRecordsAreArchivedAndOnlyRejectedOnesGoToTheDeadLetterTopic() throws Exception {
        f = new ShareFixture();
        f.settings.put(ShareFixture.GROUP, ShareFixture.settings("earliest", 30_000, 5, false, "dlq.orders", 0, 0));
        f.log.appendRecords(TP, 4);
        f.acquire("m1");
        assertThat(f.ack("m1", 0, 0, Acknowledgement.REJECT)).isEqualTo(Errors.NONE);
        assertThat(f.ack("m1", 1, 1, Acknowledgement.GAP)).isEqualTo(Errors.NONE);
        assertThat(f.deadLetters).containsExactly(
            new ShareFixture.DeadLetter(0, 0, (short) 1, DeadLetters.Reason.REJECTED));
        assertThat(f.startOffset()).isEqualTo(2);
        assertThat(f.ack("m1", 2, 3, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        assertThat(offsets(f.acquire("m2"))).containsExactly(2L, 3L);
    }

    @Test
    void perRecordTypesSplitABatch() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 4);
        f.acquire("m1");
        Errors error = ShareFixture.get(f.coordinator.acknowledge(KEY, "m1", List.of(new Acknowledgement(0, 3,
            new byte[] {Acknowledgement.ACCEPT, Acknowledgement.RELEASE, Acknowledgement.ACCEPT,
                Acknowledgement.RELEASE}))));
        assertThat(error).isEqualTo(Errors.NONE);
        assertThat(f.startOffset()).isEqualTo(1);
        assertThat(offsets(f.acquire("m2"))).containsExactly(1L, 3L);
    }

    @Test
    void onlyTheHolderWithALiveLockMayAcknowledge() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        assertThat(f.ack("m2", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.INVALID_RECORD_STATE);
        assertThat(f.ack("m1", 0, 5, Acknowledgement.ACCEPT)).isEqualTo(Errors.INVALID_RECORD_STATE);
        f.clock.advance(30_000); // expired, even before the timer has run
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.INVALID_RECORD_STATE);
        assertThat(f.startOffset()).isZero();
    }

    @Test
    void aFailedCheckChangesNothingEvenForTheValidBatchesOfTheSameRequest() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        Errors error = ShareFixture.get(f.coordinator.acknowledge(KEY, "m1", List.of(
            new Acknowledgement(0, 0, new byte[] {Acknowledgement.ACCEPT}),
            new Acknowledgement(7, 7, new byte[] {Acknowledgement.ACCEPT}))));
        assertThat(error).isEqualTo(Errors.INVALID_RECORD_STATE);
        assertThat(f.startOffset()).isZero();
        assertThat(f.ack("m1", 0, 1, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
    }

    @Test
    void malformedBatchesAreInvalidRequests() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        assertThat(f.ack("m1", 1, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(f.ack("m1", 0, 1, (byte) 9)).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(ShareFixture.get(f.coordinator.acknowledge(KEY, "m1",
            List.of(new Acknowledgement(0, 1, new byte[] {1, 1, 1}))))).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void renewIsRefusedUnlessTheGroupEnablesIt() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 1);
        f.acquire("m1");
        assertThat(f.ack("m1", 0, 0, Acknowledgement.RENEW)).isEqualTo(Errors.INVALID_RECORD_STATE);
        f.settings.put(ShareFixture.GROUP, ShareFixture.settings("earliest", 30_000, 5, true, null, 0, 0));
        f.advance(20_000);
        assertThat(f.ack("m1", 0, 0, Acknowledgement.RENEW)).isEqualTo(Errors.NONE);
        f.advance(20_000); // 40 s after the acquire, 20 s after the renewal
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
    }

    @Test
    void membersCompeteForRecordsAndNeverGetTheSameOnes() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 3);
        f.log.appendRecords(TP, 2);
        Acquired first = f.acquire("m1", 1, false);
        Acquired second = f.acquire("m2", 1, false);
        assertThat(offsets(first)).containsExactly(0L, 1L, 2L);
        assertThat(offsets(second)).containsExactly(3L, 4L);
        assertThat(values(second)).containsExactly("v3", "v4");
        assertThat(second.records().batches()).hasSize(1);
        assertThat(offsets(f.acquire("m3"))).isEmpty();
    }

    @Test
    void batchOptimizedTakesWholeBatchesAndRecordLimitNeverMoreThanMaxRecords() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 10);
        f.log.appendRecords(TP, 10);
        assertThat(offsets(f.acquire("m1", 3, false))).hasSize(10);
        assertThat(offsets(f.acquire("m2", 3, true))).containsExactly(10L, 11L, 12L);
        assertThat(offsets(f.acquire("m3", 3, true))).containsExactly(13L, 14L, 15L);
        assertThat(f.ack("m1", 0, 9, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        assertThat(offsets(f.acquire("m4", 4, true))).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void theInFlightBoundCapsRecordsAcquiredOverAllMembers() throws Exception {
        f = new ShareFixture(new ShareCoordinatorConfig(5, 1 << 20)).earliest();
        f.log.appendRecords(TP, 4);
        f.log.appendRecords(TP, 4);
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        assertThat(f.ack("m1", 0, 1, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(offsets(f.acquire("m2"))).containsExactly(5L, 6L);
    }

    @Test
    void aRecordEndingWhileAnAcquireWasHeldAtTheBoundTellsTheListenerOnce() throws Exception {
        f = new ShareFixture(new ShareCoordinatorConfig(4, 1 << 20)).earliest();
        f.log.appendRecords(TP, 6);
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(offsets(f.acquire("m2"))).isEmpty(); // parked: records 4 and 5 wait for room
        assertThat(f.available).isEmpty();
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.available).containsExactly(KEY);
        assertThat(f.ack("m1", 1, 1, Acknowledgement.REJECT)).isEqualTo(Errors.NONE);
        assertThat(f.available).as("told once per hold").containsExactly(KEY);
        assertThat(offsets(f.acquire("m2"))).containsExactly(4L, 5L);
    }

    @Test
    void endingRecordsTellsNoOneWhenNoAcquireWasHeldBack() throws Exception {
        f = new ShareFixture(new ShareCoordinatorConfig(4, 1 << 20)).earliest();
        f.log.appendRecords(TP, 3);
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L, 1L, 2L);
        assertThat(f.ack("m1", 0, 2, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.available).isEmpty();
    }

    @Test
    void aGroupsOwnRecordLockLimitWinsOverTheBrokerDefault() throws Exception {
        f = new ShareFixture();
        f.settings.put(ShareFixture.GROUP, new ShareGroupSettings("earliest", 30_000, 5, false, null, false, 0,
            60_000, 3));
        f.log.appendRecords(TP, 5);
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void anExpiredLockMakesTheRecordsAvailableAndTellsTheListener() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        f.advance(29_999);
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        f.advance(1);
        assertThat(f.available).containsExactly(KEY);
        assertThat(f.acquire("m2").ranges()).containsExactly(new Acquired.AcquiredRange(0, 1, (short) 2));
    }

    @Test
    void atTheDeliveryLimitRecordsAreArchivedAndHandedToTheDeadLetterTopic() throws Exception {
        f = new ShareFixture();
        f.settings.put(ShareFixture.GROUP, ShareFixture.settings("earliest", 30_000, 2, false, "dlq.orders", 0, 0));
        f.log.appendRecords(TP, 2);
        f.acquire("m1");
        f.advance(30_000);
        assertThat(f.acquire("m1").ranges()).containsExactly(new Acquired.AcquiredRange(0, 1, (short) 2));
        assertThat(f.ack("m1", 0, 0, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        assertThat(f.deadLetters).containsExactly(
            new ShareFixture.DeadLetter(0, 0, (short) 2, DeadLetters.Reason.DELIVERY_COUNT_EXCEEDED));
        f.advance(30_000);
        assertThat(f.deadLetters).hasSize(2).element(1).isEqualTo(
            new ShareFixture.DeadLetter(1, 1, (short) 2, DeadLetters.Reason.DELIVERY_COUNT_EXCEEDED));
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        assertThat(f.startOffset()).isEqualTo(2);
    }

    @Test
    void releasingAMemberMakesItsRecordsAvailableAndKeepsOthers() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.log.appendRecords(TP, 2);
        f.acquire("m1", 1, false);
        f.acquire("m2", 1, false);
        ShareFixture.get(f.coordinator.releaseMember(ShareFixture.GROUP, "m1"));
        assertThat(f.acquire("m3").ranges()).containsExactly(new Acquired.AcquiredRange(0, 1, (short) 2));
        assertThat(f.ack("m2", 2, 3, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
    }

    @Test
    void controlBatchesAreNeverDelivered() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 2);
        f.log.appendCommitMarker(TP);
        f.log.appendRecords(TP, 1);
        Acquired acquired = f.acquire("m1");
        assertThat(offsets(acquired)).containsExactly(0L, 1L, 3L);
        assertThat(f.ack("m1", 0, 1, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.startOffset()).isEqualTo(3);
    }

    @Test
    void aTruncatedLogMovesTheStartOffset() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 5);
        f.acquire("m1", 1, true);
        f.log.deleteRecordsBefore(TP, 3);
        assertThat(offsets(f.acquire("m2"))).containsExactly(3L, 4L);
        assertThat(f.startOffset()).isEqualTo(3);
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.INVALID_RECORD_STATE);
    }
}
