package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.CommittedView;
import io.freshet.coordinator.runtime.CoordinatorErrors;
import io.freshet.coordinator.runtime.CoordinatorRuntime;
import io.freshet.coordinator.runtime.StateKey;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateStore;
import org.apache.kafka.common.protocol.Errors;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Every transactional id's state: the {@link StateStore} of {@link TransactionKey}s, in {@code __transaction_state-0}.
 *
 * <p>Nothing ever acts on a state a crash could take back: every decision reads the committed state
 * ({@link #get}), and an id is <em>busy</em> while a change of it is being written or a transaction of it is being
 * completed (markers, offsets); requests for a busy id get CONCURRENT_TRANSACTIONS (Kafka's "pending state") and
 * the client retries. A write that fails is reverted by the runtime, so the id keeps its previous state.
 * Transaction coordinator thread only.
 */
final class TransactionStore implements StateStore {

    private final Map<String, TransactionValue> live = new HashMap<>();
    /** Ids whose transaction is between its Prepare* and Complete* states (markers, offsets, retries). */
    private final Set<String> completing = new HashSet<>();
    private final CoordinatorRuntime runtime;

    TransactionStore(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    /** The id's durable state. */
    Optional<TransactionValue> get(String transactionalId) {
        return Optional.ofNullable((TransactionValue) committed().committedValue(new TransactionKey(transactionalId)));
    }

    /** Every id with a durable state, by id. */
    Map<String, TransactionValue> all() {
        Set<String> ids = new HashSet<>(live.keySet());
        committed().keysInFlight().forEach(k -> ids.add(((TransactionKey) k).transactionalId()));
        Map<String, TransactionValue> out = new TreeMap<>();
        ids.forEach(id -> get(id).ifPresent(v -> out.put(id, v)));
        return out;
    }

    /** Is a change of this id being written, or its transaction being completed? */
    boolean isBusy(String transactionalId) {
        return completing.contains(transactionalId) || runtime.isInFlight(new TransactionKey(transactionalId));
    }

    void startCompleting(String transactionalId) {
        completing.add(transactionalId);
    }

    void doneCompleting(String transactionalId) {
        completing.remove(transactionalId);
    }

    /**
     * Writes the id's next state; the future completes on the coordinator thread with NONE once it is durable, or
     * with the error to answer (COORDINATOR_NOT_AVAILABLE) once it has failed and been reverted.
     */
    CompletableFuture<Errors> persist(String transactionalId, TransactionValue next) {
        StateRecord record = new StateRecord(new TransactionKey(transactionalId), next);
        return runtime.write(List.of(record)).handle((v, error) -> error == null ? Errors.NONE
            : CoordinatorErrors.of(error, "state of transactional id " + transactionalId));
    }

    private CommittedView committed() {
        return runtime.committedView();
    }

    @Override
    public Object valueOf(StateKey key) {
        return live.get(((TransactionKey) key).transactionalId());
    }

    @Override
    public void replay(StateKey key, Object value) {
        String id = ((TransactionKey) key).transactionalId();
        if (value == null) {
            live.remove(id);
        } else {
            live.put(id, (TransactionValue) value);
        }
    }

    @Override
    public void snapshotInto(List<StateRecord> out) {
        live.forEach((id, value) -> out.add(new StateRecord(new TransactionKey(id), value)));
    }
}
