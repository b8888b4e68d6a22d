package io.freshet.coordinator.share;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.freshet.coordinator.share.ShareFixture.GROUP;
import static io.freshet.coordinator.share.ShareFixture.TP;
import static io.freshet.coordinator.share.ShareFixture.offsets;
import static io.freshet.coordinator.share.ShareFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * share.isolation.level: a read_committed group acquires nothing of an open transaction (nor anything after it) and
 * never delivers a record of an aborted one; read_uncommitted, the default, delivers both.
 */
class ShareReadCommittedTest {

    private static final long COMMITTED = 1;
    private static final long ABORTED = 2;
    private static final long OPEN = 3;

    private ShareFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    /** 0 plain, 1 committed, 2 aborted (interleaved), 3 commit, 4 abort, 5 open transaction, 6 plain. */
    private void writeTransactions() {
        f.log.append(TP, "plain");
        f.log.appendTransactional(TP, COMMITTED, "committed");
        f.log.appendTransactional(TP, ABORTED, "aborted");
        f.log.endTransaction(TP, COMMITTED, true);
        f.log.endTransaction(TP, ABORTED, false);
        f.log.appendTransactional(TP, OPEN, "open");
        f.log.append(TP, "after-open");
    }

    @Test
    void readCommittedStopsAtAnOpenTransactionAndArchivesAbortedRecords() throws Exception {
        f = new ShareFixture();
        f.settings.put(GROUP, new ShareGroupSettings("earliest", 30_000, 5, false, null, false, 0, 60_000, 0, true));
        writeTransactions();

        Acquired first = f.acquire("m1");
        assertThat(values(first)).containsExactly("plain", "committed");
        assertThat(offsets(first)).containsExactly(0L, 1L);
        assertThat(f.ack("m1", 0, 1, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);
        assertThat(f.startOffset()).as("markers and the aborted record are done, the open transaction is not")
            .isEqualTo(5);
        assertThat(offsets(f.acquire("m2"))).as("nothing of the open transaction, nor after it").isEmpty();

        f.log.endTransaction(TP, OPEN, true);
        Acquired afterCommit = f.acquire("m2");
        assertThat(values(afterCommit)).containsExactly("open", "after-open");
        assertThat(f.deadLetters).as("an aborted record is no rejection").isEmpty();
    }

    @Test
    void anAbortedRecordReleasedUnderReadUncommittedIsArchivedOnceTheGroupReadsCommitted() throws Exception {
        f = new ShareFixture().earliest();
        f.log.appendTransactional(TP, ABORTED, "aborted");
        f.log.endTransaction(TP, ABORTED, false);
        f.log.append(TP, "plain");
        assertThat(values(f.acquire("m1"))).containsExactly("aborted", "plain");
        assertThat(f.ack("m1", 0, 0, Acknowledgement.RELEASE)).isEqualTo(Errors.NONE);
        assertThat(f.ack("m1", 2, 2, Acknowledgement.ACCEPT)).isEqualTo(Errors.NONE);

        f.settings.put(GROUP, new ShareGroupSettings("earliest", 30_000, 5, false, null, false, 0, 60_000, 0, true));
        assertThat(offsets(f.acquire("m2"))).isEmpty();
        assertThat(f.startOffset()).isEqualTo(3);
    }

    @Test
    void readUncommittedDeliversAbortedAndOpenTransactions() throws Exception {
        f = new ShareFixture().earliest();
        writeTransactions();
        assertThat(values(f.acquire("m1"))).containsExactly("plain", "committed", "aborted", "open", "after-open");
    }
}
