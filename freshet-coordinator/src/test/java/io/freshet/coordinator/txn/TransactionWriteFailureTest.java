package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.ScriptedStateLog;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.freshet.coordinator.txn.TxnFixture.client;
import static io.freshet.coordinator.txn.TxnFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transactional id whose state cannot be written keeps its previous state: the request is answered
 * COORDINATOR_NOT_AVAILABLE, Describe/ListTransactions never show the change, and nothing acts on it.
 */
@Timeout(30)
class TransactionWriteFailureTest {

    private static final int TIMEOUT = 60_000;

    @TempDir
    Path dir;
    private final ScriptedStateLog log = new ScriptedStateLog();
    private TxnFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void anAdditionThatCannotBeWrittenLeavesTheIdEmptyAndTheRetryWorks() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000), log);
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        log.failAppends();

        assertThat(f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0))
            .containsEntry("orders-0", Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(describe("t1").transactionState()).isEqualTo("Empty");
        assertThat(describe("t1").topics()).isEmpty();

        log.appendsSucceed();
        assertThat(f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0))
            .containsEntry("orders-0", Errors.NONE);
        assertThat(describe("t1").transactionState()).isEqualTo("Ongoing");
    }

    @Test
    void anEndTxnWhosePrepareFailsKeepsTheTransactionOngoingAndWritesNoMarker() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000), log);
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0);
        f.produce("orders", 0, p.producerId(), p.producerEpoch(), 0, "v");
        log.holdDurability();

        CompletableFuture<Errors> end = f.endTxnAsync("t1", p.producerId(), p.producerEpoch(), true);
        assertThat(describe("t1").transactionState()).as("PrepareCommit is not durable").isEqualTo("Ongoing");
        assertThat(f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 1))
            .as("busy while its change is written").containsEntry("orders-1", Errors.CONCURRENT_TRANSACTIONS);
        log.failDurability();

        assertThat(get(end)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(describe("t1").transactionState()).isEqualTo("Ongoing");
        assertThat(f.log("orders", 0).logEndOffset()).as("no marker").isEqualTo(1);
        log.releaseDurability();
        assertThat(f.endTxn("t1", p.producerId(), p.producerEpoch(), true)).isEqualTo(Errors.NONE);
        assertThat(describe("t1").transactionState()).isEqualTo("CompleteCommit");
        assertThat(f.log("orders", 0).logEndOffset()).isEqualTo(2);
    }

    @Test
    void aNewIdWhoseFirstStateFailsDoesNotExistAfterwardsNorAfterARestart() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000), log);
        log.failAppends();
        assertThat(f.init("t1", TIMEOUT).errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(describe("t1").errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        assertThat(get(f.txn.listTransactions(client((short) 0), new ListTransactionsRequestData()))
            .transactionStates()).isEmpty();

        log.appendsSucceed();
        f.restart(null);
        assertThat(describe("t1").errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        assertThat(f.init("t1", TIMEOUT).errorCode()).isZero();
    }

    private DescribeTransactionsResponseData.TransactionState describe(String id) throws Exception {
        return get(f.txn.describeTransactions(client((short) 0),
            new DescribeTransactionsRequestData().setTransactionalIds(List.of(id)))).transactionStates().get(0);
    }
}
