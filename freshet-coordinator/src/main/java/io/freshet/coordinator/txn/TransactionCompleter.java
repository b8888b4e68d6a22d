package io.freshet.coordinator.txn;

import io.freshet.coordinator.log.TransactionValue;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a transaction, whoever asks (EndTxn, a timeout, a new producer fencing the old one, a restart):
 * <ol>
 *   <li>PrepareCommit/PrepareAbort written durably: from here the outcome is decided and survives a crash;</li>
 *   <li>the markers written to every partition of the transaction and made durable ({@link MarkerWriter});</li>
 *   <li>the group coordinator commits or drops the transaction's pending offsets in each of its groups;</li>
 *   <li>CompleteCommit/CompleteAbort written durably.</li>
 * </ol>
 * The id stays busy from 1 to 4, so other requests for it get CONCURRENT_TRANSACTIONS. If step 2 or 3 fails the
 * id stays prepared and steps 2-4 are retried after a back-off; they are idempotent (a second marker for a
 * producer with no open transaction changes nothing, and completed offsets are no longer pending). Coordinator
 * thread only.
 */
final class TransactionCompleter {

    private static final Logger log = LoggerFactory.getLogger(TransactionCompleter.class);

    private final TransactionStore store;
    private final MarkerWriter markers;
    private final GroupOffsetsCompletion groups;
    private final ScheduledExecutorService thread;
    private final Time time;
    private final long retryBackoffMs;

    TransactionCompleter(TransactionStore store, MarkerWriter markers, GroupOffsetsCompletion groups,
                         ScheduledExecutorService thread, Time time, long retryBackoffMs) {
        this.store = store;
        this.markers = markers;
        this.groups = groups;
        this.thread = thread;
        this.time = time;
        this.retryBackoffMs = retryBackoffMs;
    }

    /**
     * Ends the Ongoing transaction of an id that is not busy. {@code fence}: bump the epoch first (a timeout or
     * a new producer), so the old producer's next request is refused. Completes with NONE once the transaction
     * is complete; with COORDINATOR_NOT_AVAILABLE when it could not be (it is retried in the background if the
     * outcome was already decided).
     */
    CompletableFuture<Errors> end(String transactionalId, boolean commit, boolean fence) {
        TransactionValue current = store.get(transactionalId).orElseThrow().value;
        short epoch = current.producerEpoch();
        if (fence && !TransactionValues.epochExhausted(epoch)) {
            epoch++;
        }
        TransactionValue prepared = TransactionValues.prepared(current, commit, epoch, time.milliseconds());
        return store.persist(transactionalId, prepared).thenCompose(error -> error != Errors.NONE
            ? CompletableFuture.completedFuture(error)
            : finish(transactionalId, prepared));
    }

    /** Steps 2-4 for a prepared transaction (also after a restart). */
    CompletableFuture<Errors> finish(String transactionalId, TransactionValue prepared) {
        TransactionStore.Entry entry = store.get(transactionalId).orElseThrow();
        entry.busy = true;
        boolean commit = TransactionValues.state(prepared) == TransactionState.PREPARE_COMMIT;
        CompletableFuture<Errors> result = new CompletableFuture<>();
        markers.write(prepared.producerId(), prepared.producerEpoch(), commit, TransactionValues.partitions(prepared))
            .thenComposeAsync(v -> completeGroups(prepared, commit), thread)
            .thenComposeAsync(v -> store.persist(transactionalId, TransactionValues.completed(prepared,
                time.milliseconds())), thread)
            .whenCompleteAsync((error, failure) -> {
                if (failure == null && error == Errors.NONE) {
                    log.debug("Transaction of {} (producer {} epoch {}) {}", transactionalId,
                        prepared.producerId(), prepared.producerEpoch(), commit ? "committed" : "aborted");
                    result.complete(Errors.NONE);
                    return;
                }
                log.warn("Could not complete the {} of transactional id {}; retrying in {} ms",
                    commit ? "commit" : "abort", transactionalId, retryBackoffMs, failure);
                entry.busy = true;
                result.complete(Errors.COORDINATOR_NOT_AVAILABLE);
                try {
                    thread.schedule(() -> finish(transactionalId, prepared), retryBackoffMs, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                    // Stopping: the prepared state is durable and the next start completes it.
                }
            }, thread);
        return result;
    }

    private CompletableFuture<Void> completeGroups(TransactionValue prepared, boolean commit) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (String groupId : prepared.groups()) {
            done.add(groups.completeTransaction(groupId, prepared.producerId(), commit));
        }
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }
}
