package io.freshet.coordinator.txn;

import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.freshet.coordinator.txn.TxnFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transactions on real storage whose files fail as disks do: a transaction state whose fsync fails is not the
 * id's state (before or after a restart), and a COMMIT marker whose fsync fails leaves the transaction prepared,
 * decided, so that the restart completes it: the data becomes read_committed, exactly once.
 */
@Timeout(60)
class TransactionDiskFaultsTest {

    private static final int TIMEOUT = 60_000;

    @TempDir
    Path dir;
    private final FaultyStorageIo io = new FaultyStorageIo();
    private TxnFixture f;

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aStateWriteWhoseFsyncFailsLeavesTheIdAsItWasAlsoAfterARestart() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000), io);
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);

        io.inject(Op.FORCE, FaultyStorageIo.under(dir.resolve("__transaction_state-0")), Errno.EIO);
        assertThat(f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0))
            .containsValues(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(f.describe("t1").transactionState()).isEqualTo("Empty");
        assertThat(f.describe("t1").topics()).isEmpty();

        io.disarmAll();
        f.restart(null);
        assertThat(f.describe("t1").transactionState()).as("after the restart").isEqualTo("Empty");
        assertThat(f.addPartitions("t1", p.producerId(), p.producerEpoch(), (short) 3, "orders", 0))
            .containsValues(Errors.NONE);
        assertThat(f.describe("t1").transactionState()).isEqualTo("Ongoing");
    }

    @Test
    void aMarkerWhoseFsyncFailsLeavesTheCommitDecidedAndTheRestartCompletesIt() throws Exception {
        f = new TxnFixture(dir, TxnFixture.config(10_000), io);
        InitProducerIdResponseData p = f.init("t1", TIMEOUT);
        long pid = p.producerId();
        short epoch = p.producerEpoch();
        assertThat(f.addPartitions("t1", pid, epoch, (short) 3, "orders", 0)).containsValues(Errors.NONE);
        long last = f.produce("orders", 0, pid, epoch, 0, "a", "b");
        get(f.log("orders", 0).awaitDurable(last)); // the data is acknowledged (acks=all) before the commit

        FaultyStorageIo.Fault markerFsync = io.inject(Op.FORCE, FaultyStorageIo.under(dir.resolve("orders-0")),
            Errno.EIO);
        assertThat(f.endTxn("t1", pid, epoch, true)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(markerFsync.hits()).isPositive();
        assertThat(f.describe("t1").transactionState()).as("decided, not complete").isEqualTo("PrepareCommit");
        assertThat(f.log("orders", 0).lastStableOffset()).as("nothing of it is read_committed yet").isZero();

        io.disarmAll();
        f.restart(null);
        PartitionLog orders = f.log("orders", 0);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> "CompleteCommit".equals(f.describe("t1").transactionState()));
        assertThat(orders.lastStableOffset()).isEqualTo(3); // two records and one COMMIT marker
        assertThat(committedValues(orders)).containsExactly("a", "b");
    }

    private static List<String> committedValues(PartitionLog log) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : log.read(0, 1 << 20, true, true).memoryRecords().batches()) {
            if (!batch.isControlBatch()) {
                batch.forEach(r -> values.add(StandardCharsets.UTF_8.decode(r.value()).toString()));
            }
        }
        return values;
    }
}
