package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.coordinator.runtime.CoordinatorLog;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateLog;
import io.freshet.coordinator.runtime.TopicView;
import io.freshet.storage.log.LogStore;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The transaction coordinator's front door (transactions protocol v1, KIP-98). Its {@link CoordinatorRuntime} has one
 * thread, {@code freshet-txn-coordinator}, which owns every transactional id's state ({@link TransactionStore}); each
 * call hops onto it, and so do the timeout check and the completion of writes. State lives in
 * {@code __transaction_state-0}, replayed at start. It ends a transaction's offsets through the group coordinator's
 * public methods ({@link GroupOffsetsCompletion}), never touching group state itself. Thread-safe.
 */
public final class TransactionCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);
    private static final String TIMEOUT_CHECK = "txn-timeout-check";

    private final CoordinatorRuntime runtime;
    private final TransactionConfig config;
    private final TransactionStore store;
    private final TransactionCompleter completer;
    private final TransactionApis apis;
    private final TransactionAdmin admin;

    private TransactionCoordinator(CoordinatorRuntime runtime, MarkerWriter markers, LongSupplier producerIds,
                                   TopicView topics, TransactionConfig config, GroupOffsetsCompletion groups) {
        this.runtime = runtime;
        this.config = config;
        this.store = new TransactionStore(runtime);
        this.completer = new TransactionCompleter(store, markers, groups, runtime, config.retryBackoffMs());
        this.apis = new TransactionApis(store, completer, topics, producerIds, config, runtime.time());
        this.admin = new TransactionAdmin(store, runtime.time());
        runtime.register(TransactionKey.class, store);
    }

    /**
     * Opens {@code __transaction_state-0}, replays it, starts the thread and the timeout check, and resumes the
     * completion of transactions that were prepared when the broker stopped.
     */
    public static TransactionCoordinator start(LogStore storage, TopicView topics, TransactionConfig config,
                                               GroupOffsetsCompletion groups, Time time) {
        StateLog stateLog = CoordinatorLog.open(storage, TransactionLogFormat.PARTITION, TransactionLogFormat.codec(),
            time);
        return start(stateLog, new MarkerWriter(storage::log), storage.producerIds()::nextProducerId, topics, config,
            groups, time);
    }

    /** The same with a given internal log (tests use one that fails on demand). */
    static TransactionCoordinator start(StateLog stateLog, MarkerWriter markers, LongSupplier producerIds,
                                        TopicView topics, TransactionConfig config, GroupOffsetsCompletion groups,
                                        Time time) {
        CoordinatorRuntime runtime = new CoordinatorRuntime("freshet-txn-coordinator", time, stateLog,
            config.checkpointBytes());
        TransactionCoordinator coordinator = new TransactionCoordinator(runtime, markers, producerIds, topics, config,
            groups);
        try {
            runtime.call("load", coordinator::load).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            runtime.close();
            throw new IllegalStateException("Cannot load the transaction coordinator's log: " + e.getMessage(), e);
        }
        return coordinator;
    }

    private CompletableFuture<Void> load() {
        int records = runtime.load();
        resumePrepared();
        scheduleTimeoutCheck();
        log.debug("Transaction coordinator loaded {} records ({} transactional ids)", records, store.all().size());
        return CompletableFuture.completedFuture(null);
    }

    /** After a restart: a decided outcome is carried out again (markers, offsets, Complete*). */
    private void resumePrepared() {
        store.all().forEach((id, value) -> {
            if (TransactionValues.state(value).isPrepare()) {
                log.info("Completing the {} of transactional id {} left prepared by the last run", value.state(), id);
                completer.finish(id, value);
            }
        });
    }

    /** Every transaction.abort.timed.out.transaction.cleanup.interval.ms, on the coordinator's clock. */
    private void scheduleTimeoutCheck() {
        runtime.timer().schedule(TIMEOUT_CHECK, config.abortCheckIntervalMs(), () -> {
            scheduleTimeoutCheck(); // first, so that a failing check does not stop the next ones
            abortTimedOut();
        });
    }

    /** Aborts, with a bumped epoch, every transaction open for longer than its timeout. */
    private void abortTimedOut() {
        long now = runtime.time().milliseconds();
        List<String> expired = new ArrayList<>();
        store.all().forEach((id, value) -> {
            if (!store.isBusy(id) && TransactionValues.state(value) == TransactionState.ONGOING
                && now - value.txnStartMs() > value.timeoutMs()) {
                expired.add(id);
            }
        });
        for (String id : expired) {
            log.info("Aborting the transaction of {}: open for longer than its timeout", id);
            completer.end(id, false, true);
        }
    }

    public CompletableFuture<InitProducerIdResponseData> initProducerId(ClientInfo client,
                                                                        InitProducerIdRequestData request) {
        return runtime.call("InitProducerId " + request.transactionalId(),
            () -> apis.initProducerId(client, request));
    }

    public CompletableFuture<AddPartitionsToTxnResponseData> addPartitionsToTxn(ClientInfo client,
                                                                                AddPartitionsToTxnRequestData request) {
        return runtime.call("AddPartitionsToTxn " + request.v3AndBelowTransactionalId(),
            () -> apis.addPartitions(client, request));
    }

    public CompletableFuture<AddOffsetsToTxnResponseData> addOffsetsToTxn(ClientInfo client,
                                                                          AddOffsetsToTxnRequestData request) {
        return runtime.call("AddOffsetsToTxn " + request.transactionalId(),
            () -> apis.addOffsets(client, request));
    }

    public CompletableFuture<EndTxnResponseData> endTxn(ClientInfo client, EndTxnRequestData request) {
        return runtime.call("EndTxn " + request.transactionalId(), () -> apis.endTxn(client, request));
    }

    /**
     * Is this producer still the current instance of its transactional id? Asked before a TxnOffsetCommit reaches
     * the group coordinator, so that a fenced instance (a zombie) cannot leave offsets pending under the producer
     * id its successor keeps using. NONE for an unknown id (Kafka does not check at all under transactions v1).
     */
    public CompletableFuture<Errors> checkProducer(ClientInfo client, String transactionalId, long producerId,
                                                   short producerEpoch) {
        return runtime.call("TxnOffsetCommit check of " + transactionalId, () -> {
            Errors error = store.get(transactionalId == null ? "" : transactionalId)
                .map(v -> v.producerId() == producerId && v.producerEpoch() == producerEpoch
                    ? Errors.NONE : Errors.PRODUCER_FENCED)
                .orElse(Errors.NONE);
            return CompletableFuture.completedFuture(
                TransactionErrors.forVersion(ApiKeys.TXN_OFFSET_COMMIT, client.apiVersion(), error));
        });
    }

    public CompletableFuture<DescribeTransactionsResponseData> describeTransactions(
        ClientInfo client, DescribeTransactionsRequestData request) {
        return runtime.call("DescribeTransactions",
            () -> CompletableFuture.completedFuture(admin.describe(client, request)));
    }

    public CompletableFuture<ListTransactionsResponseData> listTransactions(ClientInfo client,
                                                                            ListTransactionsRequestData request) {
        return runtime.call("ListTransactions",
            () -> CompletableFuture.completedFuture(admin.list(client, request)));
    }

    /**
     * Runs every timer that is due on the coordinator's clock (the timeout check, completion retries). The
     * coordinator wakes itself for them; this is for a clock that jumps (tests).
     */
    public CompletableFuture<Void> runDueTimers() {
        return runtime.runDueTimers();
    }

    /**
     * Stops the thread. A transaction being completed stays prepared in the log and is completed at the next
     * start; open ones keep their start time and timeout.
     */
    /** Transactions committed and aborted since start-up, for the metrics. */
    public TransactionOutcomes outcomes() {
        return completer.outcomes();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
