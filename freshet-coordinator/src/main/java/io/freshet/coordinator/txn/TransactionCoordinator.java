package io.freshet.coordinator.txn;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorThreads;
import io.freshet.coordinator.TopicView;
import io.freshet.coordinator.log.CoordinatorLog;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The transaction coordinator's front door (transactions protocol v1, KIP-98). One thread,
 * {@code freshet-txn-coordinator}, owns every transactional id's state; each call hops onto it, and so do the
 * timeout check and the completion of writes. State lives in {@code __transaction_state-0}, replayed at start.
 * It ends a transaction's offsets through the group coordinator's public methods ({@link GroupOffsetsCompletion}),
 * never touching group state itself. Thread-safe.
 */
public final class TransactionCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final ScheduledThreadPoolExecutor thread;
    private final TransactionStore store;
    private final TransactionCompleter completer;
    private final TransactionApis apis;
    private final TransactionAdmin admin;
    private final Time time;

    private TransactionCoordinator(ScheduledThreadPoolExecutor thread, TransactionStore store,
                                   TransactionCompleter completer, TransactionApis apis, TransactionAdmin admin,
                                   Time time) {
        this.thread = thread;
        this.store = store;
        this.completer = completer;
        this.apis = apis;
        this.admin = admin;
        this.time = time;
    }

    /**
     * Opens {@code __transaction_state-0}, replays it, starts the thread and the timeout check, and resumes the
     * completion of transactions that were prepared when the broker stopped.
     */
    public static TransactionCoordinator start(LogStore storage, TopicView topics, TransactionConfig config,
                                               GroupOffsetsCompletion groups, Time time) {
        ScheduledThreadPoolExecutor thread = CoordinatorThreads.start("freshet-txn-coordinator");
        CoordinatorLog stateLog = CoordinatorLog.open(storage, CoordinatorLog.TRANSACTIONS, time,
            config.checkpointBytes());
        TransactionStore store = new TransactionStore(stateLog, thread);
        TransactionCompleter completer = new TransactionCompleter(store, new MarkerWriter(storage::log), groups,
            thread, time, config.retryBackoffMs());
        TransactionApis apis = new TransactionApis(store, completer, topics, storage.producerIds()::nextProducerId,
            config, time);
        TransactionCoordinator coordinator = new TransactionCoordinator(thread, store, completer, apis,
            new TransactionAdmin(store, time), time);
        try {
            coordinator.call(() -> {
                int records = store.replay();
                coordinator.resumePrepared();
                log.debug("Transaction coordinator loaded {} records ({} transactional ids)", records,
                    store.all().size());
                return CompletableFuture.completedFuture(null);
            }).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            thread.shutdownNow();
            throw new IllegalStateException("Cannot load the transaction coordinator's log: " + e.getMessage(), e);
        }
        thread.scheduleWithFixedDelay(coordinator::abortTimedOut, config.abortCheckIntervalMs(),
            config.abortCheckIntervalMs(), TimeUnit.MILLISECONDS);
        return coordinator;
    }

    /** After a restart: a decided outcome is carried out again (markers, offsets, Complete*). */
    private void resumePrepared() {
        for (TransactionStore.Entry e : new ArrayList<>(store.all())) {
            if (TransactionValues.state(e.value).isPrepare()) {
                log.info("Completing the {} of transactional id {} left prepared by the last run", e.value.state(),
                    e.transactionalId);
                completer.finish(e.transactionalId, e.value);
            }
        }
    }

    /** Aborts, with a bumped epoch, every transaction open for longer than its timeout. */
    private void abortTimedOut() {
        long now = time.milliseconds();
        List<String> expired = new ArrayList<>();
        for (TransactionStore.Entry e : store.all()) {
            if (!e.busy && TransactionValues.state(e.value) == TransactionState.ONGOING
                && now - e.value.txnStartMs() > e.value.timeoutMs()) {
                expired.add(e.transactionalId);
            }
        }
        for (String id : expired) {
            log.info("Aborting the transaction of {}: open for longer than its timeout", id);
            completer.end(id, false, true);
        }
    }

    public CompletableFuture<InitProducerIdResponseData> initProducerId(ClientInfo client,
                                                                        InitProducerIdRequestData request) {
        return call(() -> apis.initProducerId(client, request));
    }

    public CompletableFuture<AddPartitionsToTxnResponseData> addPartitionsToTxn(ClientInfo client,
                                                                                AddPartitionsToTxnRequestData request) {
        return call(() -> apis.addPartitions(client, request));
    }

    public CompletableFuture<AddOffsetsToTxnResponseData> addOffsetsToTxn(ClientInfo client,
                                                                          AddOffsetsToTxnRequestData request) {
        return call(() -> apis.addOffsets(client, request));
    }

    public CompletableFuture<EndTxnResponseData> endTxn(ClientInfo client, EndTxnRequestData request) {
        return call(() -> apis.endTxn(client, request));
    }

    /**
     * Is this producer still the current instance of its transactional id? Asked before a TxnOffsetCommit reaches
     * the group coordinator, so that a fenced instance (a zombie) cannot leave offsets pending under the producer
     * id its successor keeps using. NONE for an unknown id (Kafka does not check at all under transactions v1).
     */
    public CompletableFuture<Errors> checkProducer(ClientInfo client, String transactionalId, long producerId,
                                                   short producerEpoch) {
        return call(() -> {
            Errors error = store.get(transactionalId == null ? "" : transactionalId)
                .map(e -> e.value.producerId() == producerId && e.value.producerEpoch() == producerEpoch
                    ? Errors.NONE : Errors.PRODUCER_FENCED)
                .orElse(Errors.NONE);
            return CompletableFuture.completedFuture(
                TransactionErrors.forVersion(ApiKeys.TXN_OFFSET_COMMIT, client.apiVersion(), error));
        });
    }

    public CompletableFuture<DescribeTransactionsResponseData> describeTransactions(
        ClientInfo client, DescribeTransactionsRequestData request) {
        return call(() -> CompletableFuture.completedFuture(admin.describe(client, request)));
    }

    public CompletableFuture<ListTransactionsResponseData> listTransactions(ClientInfo client,
                                                                            ListTransactionsRequestData request) {
        return call(() -> CompletableFuture.completedFuture(admin.list(client, request)));
    }

    /** Runs {@code work} on the coordinator thread; its future may complete later (after fsyncs). */
    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
        return CoordinatorThreads.call(thread, work);
    }

    /**
     * Stops the thread. A transaction being completed stays prepared in the log and is completed at the next
     * start; open ones keep their start time and timeout.
     */
    @Override
    public void close() {
        CoordinatorThreads.stop(thread, log);
    }
}
