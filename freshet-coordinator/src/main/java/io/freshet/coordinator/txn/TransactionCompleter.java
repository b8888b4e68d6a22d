package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ends a transaction, whoever asks (EndTxn, a timeout, a new producer fencing the old one, a restart):
 * <ol>
 *   <li>PrepareCommit/PrepareAbort written durably: from here the outcome is decided and survives a crash;</li>
 *   <li>the markers written to every partition of the transaction and made durable ({@link MarkerWriter});</li>
 *   <li>the group coordinator commits or drops the transaction's pending offsets in each of its groups;</li>
 *   <li>CompleteCommit/CompleteAbort written durably.</li>
 * </ol>
 * The id stays busy from 1 to 4, so other requests for it get CONCURRENT_TRANSACTIONS. If step 1 fails, the runtime
 * reverts it: the id keeps its Ongoing state and the caller gets the error. If step 2, 3 or 4 fails the id stays
 * prepared and steps 2-4 are retried after a back-off (a timer on the coordinator's clock); they are idempotent (a
 * second marker for a producer with no open transaction changes nothing, and completed offsets are no longer
 * pending). Coordinator thread only.
 */
final class TransactionCompleter {

    private static final Logger log = LoggerFactory.getLogger(TransactionCompleter.class);

    private final TransactionStore store;
    private final MarkerWriter markers;
    private final GroupOffsetsCompletion groups;
    private final CoordinatorRuntime runtime;
    private final long retryBackoffMs;
    private final TransactionOutcomes outcomes = new TransactionOutcomes();

    TransactionCompleter(TransactionStore store, MarkerWriter markers, GroupOffsetsCompletion groups,
                         CoordinatorRuntime runtime, long retryBackoffMs) {
        this.store = store;
        this.markers = markers;
        this.groups = groups;
        this.runtime = runtime;
        this.retryBackoffMs = retryBackoffMs;
    }

    TransactionOutcomes outcomes() {
        return outcomes;
    }

    /**
     * Ends the Ongoing transaction of an id that is not busy. {@code fence}: bump the epoch first (a timeout or
     * a new producer), so the old producer's next request is refused. Completes with NONE once the transaction
     * is complete; with COORDINATOR_NOT_AVAILABLE when it could not be (it is retried in the background if the
     * outcome was already decided).
     */
    CompletableFuture<Errors> end(String transactionalId, boolean commit, boolean fence) {
        TransactionValue current = store.get(transactionalId).orElseThrow();
        short epoch = current.producerEpoch();
        if (fence && !TransactionValues.epochExhausted(epoch)) {
            epoch++;
        }
        TransactionValue prepared = TransactionValues.prepared(current, commit, epoch, runtime.time().milliseconds());
        return store.persist(transactionalId, prepared).thenCompose(error -> error != Errors.NONE
            ? CompletableFuture.completedFuture(error)
            : finish(transactionalId, prepared));
    }

    /** Steps 2-4 for a prepared transaction (also after a restart). */
    CompletableFuture<Errors> finish(String transactionalId, TransactionValue prepared) {
        store.startCompleting(transactionalId);
        boolean commit = TransactionValues.state(prepared) == TransactionState.PREPARE_COMMIT;
        CompletableFuture<Errors> result = new CompletableFuture<>();
        markers.write(prepared.producerId(), prepared.producerEpoch(), commit, TransactionValues.partitions(prepared))
            .thenComposeAsync(v -> completeGroups(prepared, commit), runtime.executor())
            .thenComposeAsync(v -> store.persist(transactionalId, TransactionValues.completed(prepared,
                runtime.time().milliseconds())), runtime.executor())
            .whenCompleteAsync((error, failure) -> {
                if (failure == null && error == Errors.NONE) {
                    store.doneCompleting(transactionalId);
                    outcomes.completed(commit);
                    log.debug("Transaction of {} (producer {} epoch {}) {}", transactionalId,
                        prepared.producerId(), prepared.producerEpoch(), commit ? "committed" : "aborted");
                    result.complete(Errors.NONE);
                    return;
                }
                log.warn("Could not complete the {} of transactional id {}; retrying in {} ms",
                    commit ? "commit" : "abort", transactionalId, retryBackoffMs, failure);
                result.complete(failure == null ? error
                    : CoordinatorErrors.of(failure, "completion of transactional id " + transactionalId));
                runtime.timer().schedule("txn-complete/" + transactionalId, retryBackoffMs,
                    () -> finish(transactionalId, prepared));
            }, runtime.executor());
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
