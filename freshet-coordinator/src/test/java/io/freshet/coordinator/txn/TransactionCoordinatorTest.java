package io.freshet.coordinator.txn;

import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.freshet.coordinator.txn.TxnFixture.client;
import static io.freshet.coordinator.txn.TxnFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The transaction coordinator on real storage: the state machine, markers, fencing, timeouts, restarts. */
@Timeout(60)
class TransactionCoordinatorTest {

    private static final int TIMEOUT = 60_000;

    @TempDir
    Path dir;
    private TxnFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void initProducerIdKeepsTheIdAndBumpsTheEpochFencingOlderInstances() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData first = f.init("t1", TIMEOUT);
        assertThat(first.errorCode()).isZero();
        assertThat(first.producerEpoch()).isZero();
        InitProducerIdResponseData second = f.init("t1", TIMEOUT);
        assertThat(second.producerId()).isEqualTo(first.producerId());
        assertThat(second.producerEpoch()).isEqualTo((short) 1);
        assertThat(f.init("t2", TIMEOUT).producerId()).isNotEqualTo(first.producerId());

        long pid = first.producerId();
        assertThat(f.addPartitions("t1", pid, (short) 0, (short) 3, "orders", 0)).containsEntry("orders-0",
            Errors.PRODUCER_FENCED);
        assertThat(f.addPartitions("t1", pid, (short) 0, (short) 1, "orders", 0)).containsEntry("orders-0",
            Errors.INVALID_PRODUCER_EPOCH);
        assertThat(f.addPartitions("t1", pid + 100, (short) 1, (short) 3, "orders", 0)).containsEntry("orders-0",
            Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(f.endTxn("nobody", pid, (short) 1, true)).isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(f.endTxn("t1", pid, (short) 1, true)).isEqualTo(Errors.INVALID_TXN_STATE);

        assertThat(f.init("t3", 900_001).errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
        // KIP-360: the epoch just before the current one is a retry whose answer was lost: answered again.
        InitProducerIdRequestData retry = new InitProducerIdRequestData().setTransactionalId("t1")
            .setTransactionTimeoutMs(TIMEOUT).setProducerId(pid).setProducerEpoch((short) 0);
        assertThat(get(f.txn.initProducerId(client((short) 4), retry)).producerEpoch()).isEqualTo((short) 1);
        // An older epoch is fenced (v4+), INVALID_PRODUCER_EPOCH before.
        assertThat(f.init("t1", TIMEOUT).producerEpoch()).isEqualTo((short) 2);
        InitProducerIdRequestData stale = new InitProducerIdRequestData().setTransactionalId("t1")
            .setTransactionTimeoutMs(TIMEOUT).setProducerId(pid).setProducerEpoch((short) 0);
        assertThat(get(f.txn.initProducerId(client((short) 4), stale)).errorCode())
            .isEqualTo(Errors.PRODUCER_FENCED.code());
        assertThat(get(f.txn.initProducerId(client((short) 3), stale)).errorCode())
            .isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
    }

    @Test
    void unknownPartitionsAreRefusedAndNothingIsAdded() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        assertThat(f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0, 7))
            .containsEntry("orders-0", Errors.OPERATION_NOT_ATTEMPTED)
            .containsEntry("orders-7", Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(describe("t1").transactionState()).isEqualTo("Empty");
    }

    @Test
    void commitWritesCommitMarkersAndTheDataBecomesReadCommitted() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        long pid = p.producerId();
        short epoch = p.producerEpoch();
        assertThat(f.addPartitions("t1", pid, epoch, (short) 3, "orders", 0, 1)).containsValues(Errors.NONE);
        f.produce("orders", 0, pid, epoch, 0, "a", "b");
        f.produce("orders", 1, pid, epoch, 0, "c");
        assertThat(f.log("orders", 0).lastStableOffset()).isZero();
        DescribeTransactionsResponseData.TransactionState ongoing = describe("t1");
        assertThat(ongoing.transactionState()).isEqualTo("Ongoing");
        assertThat(ongoing.topics().find("orders").partitions()).containsExactlyInAnyOrder(0, 1);

        assertThat(f.endTxn("t1", pid, epoch, true)).isEqualTo(Errors.NONE);

        PartitionLog orders0 = f.log("orders", 0);
        assertThat(orders0.logEndOffset()).isEqualTo(3); // two records and the COMMIT marker
        assertThat(orders0.lastStableOffset()).isEqualTo(3);
        assertThat(committedValues(orders0)).containsExactly("a", "b");
        assertThat(f.log("orders", 1).lastStableOffset()).isEqualTo(2);
        assertThat(orders0.abortedTransactions(0, 3)).isEmpty();
        assertThat(describe("t1").transactionState()).isEqualTo("CompleteCommit");
        assertThat(f.endTxn("t1", pid, epoch, true)).isEqualTo(Errors.NONE); // a retried EndTxn
        assertThat(f.endTxn("t1", pid, epoch, false)).isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void abortWritesAbortMarkersListedForReadCommittedFetches() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "payments", 0);
        f.produce("payments", 0, p.producerId(), p.producerEpoch(), 0, "x");
        assertThat(f.endTxn("t1", p.producerId(), p.producerEpoch(), false)).isEqualTo(Errors.NONE);

        PartitionLog payments = f.log("payments", 0);
        assertThat(payments.lastStableOffset()).isEqualTo(2);
        assertThat(payments.abortedTransactions(0, 2)).singleElement()
            .satisfies(a -> assertThat(a.producerId()).isEqualTo(p.producerId()));
        assertThat(describe("t1").transactionState()).isEqualTo("CompleteAbort");

        ListTransactionsResponseData listed = get(f.txn.listTransactions(client((short) 1),
            new ListTransactionsRequestData().setStateFilters(List.of("CompleteAbort", "Bogus"))));
        assertThat(listed.transactionStates()).extracting(ListTransactionsResponseData.TransactionState::transactionalId)
            .containsExactly("t1");
        assertThat(listed.unknownStateFilters()).containsExactly("Bogus");
    }

    @Test
    void aNewInstanceAbortsTheOpenTransactionAndFencesTheOldOne() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData old = f.init("t1", TIMEOUT);
        f.addPartitions("t1", old.producerId(), old.producerEpoch(), (short) 3, "orders", 0);
        f.produce("orders", 0, old.producerId(), old.producerEpoch(), 0, "zombie");

        InitProducerIdResponseData fresh = f.init("t1", TIMEOUT);
        assertThat(fresh.errorCode()).isZero();
        assertThat(fresh.producerId()).isEqualTo(old.producerId());
        assertThat(fresh.producerEpoch()).isGreaterThan(old.producerEpoch());
        PartitionLog orders0 = f.log("orders", 0);
        assertThat(orders0.lastStableOffset()).isEqualTo(2);
        assertThat(orders0.abortedTransactions(0, 2)).hasSize(1);
        assertThat(f.endTxn("t1", old.producerId(), old.producerEpoch(), true)).isEqualTo(Errors.PRODUCER_FENCED);
        // Nor may the old instance leave offsets pending under the producer id its successor uses.
        assertThat(get(f.txn.checkProducer(client((short) 3), "t1", old.producerId(), old.producerEpoch())))
            .isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(get(f.txn.checkProducer(client((short) 2), "t1", old.producerId(), old.producerEpoch())))
            .isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(get(f.txn.checkProducer(client((short) 3), "t1", fresh.producerId(), fresh.producerEpoch())))
            .isEqualTo(Errors.NONE);
    }

    @Test
    void aTransactionOpenLongerThanItsTimeoutIsAbortedWithABumpedEpoch() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(50));
        InitProducerIdResponseData p = f.init("slow", 300);
        f.addPartitions("slow", p.producerId(), p.producerEpoch(), (short) 3, "orders", 1);
        f.produce("orders", 1, p.producerId(), p.producerEpoch(), 0, "late");

        f.advance(300);
        assertThat(describe("slow").transactionState()).as("open for exactly its timeout").isEqualTo("Ongoing");
        f.advance(50);
        // The abort writes PrepareAbort, the markers and CompleteAbort, each answered once durable.
        await().atMost(Duration.ofSeconds(10))
            .until(() -> describe("slow").transactionState().equals("CompleteAbort"));
        assertThat(describe("slow").producerEpoch()).isEqualTo((short) (p.producerEpoch() + 1));
        assertThat(f.log("orders", 1).abortedTransactions(0, 10)).hasSize(1);
        assertThat(f.endTxn("slow", p.producerId(), p.producerEpoch(), true)).isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void transactionalOffsetsArePendingUntilCommitThenCommitted() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        long pid = p.producerId();
        short epoch = p.producerEpoch();
        f.addPartitions("t1", pid, epoch, (short) 3, "payments", 0);
        assertThat(f.addOffsets("t1", pid, epoch, "g")).isEqualTo(Errors.NONE);
        assertThat(f.txnOffsetCommit("t1", "g", pid, epoch, "orders", 1, 42)).isEqualTo(Errors.NONE);
        assertThat(f.txnOffsetCommit("t1", "g", pid, epoch, "nope", 0, 1))
            .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

        assertThat(f.fetchOffset("g", "orders", 1, true))
            .containsExactly(-1, Errors.UNSTABLE_OFFSET_COMMIT.code());
        assertThat(f.fetchOffset("g", "orders", 1, false)).containsExactly(-1, 0);

        assertThat(f.endTxn("t1", pid, epoch, true)).isEqualTo(Errors.NONE);
        assertThat(f.fetchOffset("g", "orders", 1, true)).containsExactly(42, 0);
        assertThat(describe("t1").transactionState()).isEqualTo("CompleteCommit");
    }

    @Test
    void txnOffsetCommitNamingAMemberIsCheckedAgainstTheGroup() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        f.addOffsets("t1", p.producerId(), p.producerEpoch(), "g");
        assertThat(f.txnOffsetCommit("t1", "g", "ghost", 3, p.producerId(), p.producerEpoch(), "orders", 0, 1))
            .isEqualTo(Errors.ILLEGAL_GENERATION); // no such group, so no such generation
        assertThat(f.txnOffsetCommit("t1", "g", p.producerId(), p.producerEpoch(), "orders", 0, 1))
            .isEqualTo(Errors.NONE);
        assertThat(f.txnOffsetCommit("t1", "g", "ghost", 3, p.producerId(), p.producerEpoch(), "orders", 0, 2))
            .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(f.endTxn("t1", p.producerId(), p.producerEpoch(), true)).isEqualTo(Errors.NONE);
        assertThat(f.fetchOffset("g", "orders", 0, true)).containsExactly(1, 0);
    }

    @Test
    void pendingOffsetsSurviveARestartAndAreDroppedOnAbort() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        long pid = p.producerId();
        short epoch = p.producerEpoch();
        f.addOffsets("t1", pid, epoch, "g");
        f.txnOffsetCommit("t1", "g", pid, epoch, "orders", 0, 7);

        f.restart(null);
        assertThat(describe("t1").transactionState()).isEqualTo("Ongoing");
        assertThat(f.fetchOffset("g", "orders", 0, true)).containsExactly(-1, Errors.UNSTABLE_OFFSET_COMMIT.code());

        assertThat(f.endTxn("t1", pid, epoch, false)).isEqualTo(Errors.NONE);
        assertThat(f.fetchOffset("g", "orders", 0, true)).containsExactly(-1, 0);
        f.restart(null);
        assertThat(f.fetchOffset("g", "orders", 0, true)).containsExactly(-1, 0);
    }

    @Test
    void aCommitInterruptedAfterPrepareIsCompletedAtTheNextStart() throws Exception {
        // The first run never hears back from the group side: the commit stays in PrepareCommit.
        f = new TxnFixture(dir, TxnFixture.config(10_000), (group, pid, commit) -> new CompletableFuture<>());
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        long pid = p.producerId();
        short epoch = p.producerEpoch();
        f.addPartitions("t1", pid, epoch, (short) 3, "orders", 0);
        f.addOffsets("t1", pid, epoch, "g");
        f.produce("orders", 0, pid, epoch, 0, "v");
        f.txnOffsetCommit("t1", "g", pid, epoch, "orders", 0, 1);
        CompletableFuture<Errors> end = f.endTxnAsync("t1", pid, epoch, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.log("orders", 0).lastStableOffset() == 2);
        assertThat(end).isNotDone();
        assertThat(describe("t1").transactionState()).isEqualTo("PrepareCommit");
        assertThat(f.endTxn("t1", pid, epoch, true)).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);

        f.restart(null);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> describe("t1").transactionState().equals("CompleteCommit"));
        assertThat(f.fetchOffset("g", "orders", 0, true)).containsExactly(1, 0);
        assertThat(f.log("orders", 0).lastStableOffset()).isEqualTo(f.log("orders", 0).logEndOffset());
        assertThat(f.log("orders", 0).abortedTransactions(0, 10)).isEmpty();
        assertThat(committedValues(f.log("orders", 0))).containsExactly("v");
    }

    @Test
    void stateSurvivesCheckpointsOfTheTransactionLog() throws Exception {
        TransactionConfig d = TransactionConfig.defaults();
        // A checkpoint after every write: the log start moves on and replay still finds every id.
        f = new TxnFixture(dir, new TransactionConfig(d.maxTimeoutMs(), 10_000, d.idExpirationMs(), 100, 1));
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        f.init("t2", TIMEOUT);
        f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0);
        f.produce("orders", 0, p.producerId(), p.producerEpoch(), 0, "v");
        assertThat(f.endTxn("t1", p.producerId(), p.producerEpoch(), true)).isEqualTo(Errors.NONE);
        f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 1);

        f.restart(null);
        DescribeTransactionsResponseData.TransactionState t1 = describe("t1");
        assertThat(t1.transactionState()).isEqualTo("Ongoing");
        assertThat(t1.producerId()).isEqualTo(p.producerId());
        assertThat(t1.topics().find("orders").partitions()).containsExactly(1);
        assertThat(describe("t2").transactionState()).isEqualTo("Empty");
        assertThat(describe("t3").errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
    }

    @Test
    void listTransactionsFiltersByProducerIdAndDuration() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000));
        InitProducerIdResponseData open = f.init("open", TIMEOUT);
        InitProducerIdResponseData idle = f.init("idle", TIMEOUT);
        f.addPartitions("open", open.producerId(), open.producerEpoch(), (short) 3, "orders", 0);
        f.advance(50);

        assertThat(listed(new ListTransactionsRequestData(), (short) 0)).containsExactly("idle", "open");
        assertThat(listed(new ListTransactionsRequestData().setProducerIdFilters(List.of(idle.producerId())),
            (short) 0)).containsExactly("idle");
        assertThat(listed(new ListTransactionsRequestData().setDurationFilter(20), (short) 1))
            .containsExactly("open");
        assertThat(listed(new ListTransactionsRequestData().setDurationFilter(60_000), (short) 1)).isEmpty();
    }

    private List<String> listed(ListTransactionsRequestData request, short version) throws Exception {
        return get(f.txn.listTransactions(client(version), request)).transactionStates().stream()
            .map(ListTransactionsResponseData.TransactionState::transactionalId).toList();
    }

    private DescribeTransactionsResponseData.TransactionState describe(String id) throws Exception {
        return f.describe(id);
    }

    /** The data records a read_committed read returns (control batches left out). */
    private static List<String> committedValues(PartitionLog log) {
        List<String> values = new java.util.ArrayList<>();
        for (RecordBatch batch : log.read(0, 1 << 20, true, true).memoryRecords().batches()) {
            if (!batch.isControlBatch()) {
                batch.forEach(r -> values.add(org.apache.kafka.common.utils.Utils.utf8(r.value())));
            }
        }
        return values;
    }
}
