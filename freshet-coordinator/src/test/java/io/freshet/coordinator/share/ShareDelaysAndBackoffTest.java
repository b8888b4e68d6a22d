package io.freshet.coordinator.share;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.freshet.coordinator.share.ShareFixture.GROUP;
import static io.freshet.coordinator.share.ShareFixture.KEY;
import static io.freshet.coordinator.share.ShareFixture.TP;
import static io.freshet.coordinator.share.ShareFixture.offsets;
import static io.freshet.coordinator.share.ShareFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Freshet's delivery times ({@code freshet.deliver.at}) and release backoff, on the coordinator's clock. */
class ShareDelaysAndBackoffTest {

    private ShareFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aRecordWithAFutureDeliveryTimeWaitsForItWithoutHoldingBackTheOthers() throws Exception {
        f = new ShareFixture().earliest();
        long now = f.clock.milliseconds();
        f.log.appendWithDeliveryTimes(TP, Compression.NONE, null, now + 5_000, null, now - 1_000);
        f.log.appendRecords(TP, 2);
        Acquired first = f.acquire("m1");
        assertThat(offsets(first)).containsExactly(0L, 2L, 3L, 4L, 5L);
        assertThat(values(first)).containsExactly("d0", "d2", "d3", "v4", "v5");
        f.advance(4_999);
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        assertThat(f.available).isEmpty();
        f.advance(1);
        assertThat(f.available).containsExactly(KEY);
        Acquired due = f.acquire("m2");
        assertThat(due.ranges()).containsExactly(new Acquired.AcquiredRange(1, 1, (short) 1));
        assertThat(values(due)).containsExactly("d1");
    }

    @Test
    void onceAsManyRecordsWaitAsThePartitionMayLockTheRecordsAfterThemWaitInLogOrder() throws Exception {
        f = new ShareFixture(new ShareCoordinatorConfig(2, 1 << 20)).earliest();
        long now = f.clock.milliseconds();
        f.log.appendWithDeliveryTimes(TP, Compression.NONE, now + 1_000, null, now + 1_000, now + 1_000, null);
        assertThat(offsets(f.acquire("m1"))).containsExactly(1L); // 0 and 2 wait; 3 would be a third
        f.ack("m1", 1, 1, Acknowledgement.ACCEPT);
        assertThat(offsets(f.acquire("m1"))).isEmpty();
        f.advance(1_000);
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L, 2L);
        assertThat(f.ack("m1", 0, 0, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.ack("m1", 2, 2, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(offsets(f.acquire("m1"))).containsExactly(3L, 4L);
    }

    @Test
    void aDeliveryTimeInACompressedBatchIsHonoured() throws Exception {
        f = new ShareFixture().earliest();
        long now = f.clock.milliseconds();
        f.log.appendWithDeliveryTimes(TP, Compression.lz4().build(), now + 1_000, null);
        assertThat(offsets(f.acquire("m1"))).containsExactly(1L);
        f.advance(1_000);
        assertThat(offsets(f.acquire("m2"))).containsExactly(0L);
    }

    @Test
    void aWaitingRecordKeepsWaitingAfterARestart() throws Exception {
        f = new ShareFixture().earliest();
        long now = f.clock.milliseconds();
        f.log.appendWithDeliveryTimes(TP, Compression.NONE, now + 10_000, null);
        assertThat(offsets(f.acquire("m1"))).containsExactly(1L);
        f.restart();
        assertThat(offsets(f.acquire("m1"))).containsExactly(1L); // its lock did not survive; the wait did
        f.advance(10_000);
        assertThat(f.available).contains(KEY);
        assertThat(offsets(f.acquire("m2"))).containsExactly(0L);
    }

    @Test
    void aBadDeliveryTimeDeliversAtOnce() throws Exception {
        f = new ShareFixture().earliest();
        f.log.append(TP, Compression.NONE, new org.apache.kafka.common.record.internal.SimpleRecord(1L, null,
            "x".getBytes(), new org.apache.kafka.common.header.Header[] {
                new org.apache.kafka.common.header.internals.RecordHeader(DeliveryTimes.HEADER, "soon".getBytes())}));
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L);
    }

    @Test
    void aReleasedRecordWaitsTheBackoffDoubledPerDeliveryUpToTheMax() throws Exception {
        f = new ShareFixture();
        f.settings.put(GROUP, ShareFixture.settings("earliest", 30_000, 10, false, null, 100, 250));
        f.log.appendRecords(TP, 1);
        long[] expectedWaits = {100, 200, 250, 250};
        for (long wait : expectedWaits) {
            f.acquire("m1");
            assertThat(f.ack("m1", 0, 0, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
            f.advance(wait - 1);
            assertThat(offsets(f.acquire("m1"))).as("after %d ms", wait - 1).isEmpty();
            f.available.clear();
            f.advance(1);
            assertThat(f.available).as("listener after %d ms", wait).containsExactly(KEY);
        }
        assertThat(f.acquire("m1").ranges()).containsExactly(new Acquired.AcquiredRange(0, 0, (short) 5));
    }

    @Test
    void anExpiredLockWaitsTheBackoffToo() throws Exception {
        f = new ShareFixture();
        f.settings.put(GROUP, ShareFixture.settings("earliest", 30_000, 5, false, null, 1_000, 60_000));
        f.log.appendRecords(TP, 1);
        f.acquire("m1");
        f.advance(30_000);
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        f.advance(1_000);
        assertThat(offsets(f.acquire("m2"))).containsExactly(0L);
    }

    @Test
    void recordsBackingOffCountAgainstTheInFlightBound() throws Exception {
        f = new ShareFixture(new ShareCoordinatorConfig(2, 1 << 20));
        f.settings.put(GROUP, ShareFixture.settings("earliest", 30_000, 5, false, null, 1_000, 60_000));
        f.log.appendRecords(TP, 4);
        assertThat(offsets(f.acquire("m1"))).containsExactly(0L, 1L);
        assertThat(f.ack("m1", 0, 1, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        assertThat(offsets(f.acquire("m2"))).as("2 records wait out their backoff").isEmpty();
        f.advance(1_000);
        assertThat(f.acquire("m2").ranges()).containsExactly(new Acquired.AcquiredRange(0, 1, (short) 2));
    }

    @Test
    void withoutBackoffAReleasedRecordIsAvailableAtOnce() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendRecords(TP, 1);
        f.acquire("m1");
        f.ack("m1", 0, 0, Acknowledgement.RELEASE);
        assertThat(offsets(f.acquire("m2"))).containsExactly(0L);
    }
}
