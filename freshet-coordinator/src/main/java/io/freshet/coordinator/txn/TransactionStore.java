package io.freshet.coordinator.txn;

import io.freshet.coordinator.log.CoordinatorLog;
import io.freshet.coordinator.log.StateKey;
import io.freshet.coordinator.log.StateRecord;
import io.freshet.coordinator.log.TransactionValue;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Every transactional id's state, in memory and in {@code __transaction_state-0}. A change is made visible only
 * once it is durable: while it is being written the id is busy, and requests for it get CONCURRENT_TRANSACTIONS
 * (Kafka's "pending state"), so nothing ever acts on a state a crash could take back. Transaction coordinator
 * thread only.
 */
final class TransactionStore {

    private static final Logger log = LoggerFactory.getLogger(TransactionStore.class);

    /** One transactional id: its durable state, and whether a change of it is in flight. */
    static final class Entry {
        final String transactionalId;
        TransactionValue value;
        /** The state being written (null when none): a checkpoint must not write the older one after it. */
        TransactionValue writing;
        boolean busy;

        Entry(String transactionalId, TransactionValue value) {
            this.transactionalId = transactionalId;
            this.value = value;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final CoordinatorLog stateLog;
    private final Executor thread;
    private boolean checkpointRunning;

    TransactionStore(CoordinatorLog stateLog, Executor thread) {
        this.stateLog = stateLog;
        this.thread = thread;
    }

    /** Reads the log into memory (last record per id wins). Returns the number of records. */
    int replay() {
        return stateLog.replay(record -> {
            String id = ((StateKey.Transaction) record.key()).transactionalId();
            if (record.isTombstone()) {
                entries.remove(id);
            } else {
                entries.put(id, new Entry(id, (TransactionValue) record.value()));
            }
        });
    }

    Optional<Entry> get(String transactionalId) {
        Entry e = entries.get(transactionalId);
        return e == null || e.value == null ? Optional.empty() : Optional.of(e);
    }

    /** Is a first state of this id being written (no durable state yet)? */
    boolean isBusy(String transactionalId) {
        Entry e = entries.get(transactionalId);
        return e != null && e.busy;
    }

    Collection<Entry> all() {
        return entries.values().stream().filter(e -> e.value != null).toList();
    }

    /**
     * Writes the id's next state; once durable it becomes the id's state. The future completes on the coordinator
     * thread with NONE, or COORDINATOR_NOT_AVAILABLE when the write failed (the old state stays; clients retry).
     */
    CompletableFuture<Errors> persist(String transactionalId, TransactionValue next) {
        Entry entry = entries.computeIfAbsent(transactionalId, id -> new Entry(id, null));
        entry.busy = true;
        entry.writing = next;
        CompletableFuture<Void> durable;
        try {
            durable = stateLog.write(List.of(new StateRecord(new StateKey.Transaction(transactionalId), next)));
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Errors> result = durable.handleAsync((v, error) -> {
            entry.busy = false;
            entry.writing = null;
            if (error != null) {
                log.warn("Cannot write the state of transactional id {}", transactionalId, error);
                if (entry.value == null) {
                    entries.remove(transactionalId);
                }
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            entry.value = next;
            return Errors.NONE;
        }, thread);
        maybeCheckpoint();
        return result;
    }

    /** Without compaction: once enough is written, write every id's state again and drop what came before. */
    private void maybeCheckpoint() {
        if (checkpointRunning || !stateLog.checkpointDue()) {
            return;
        }
        List<StateRecord> live = new ArrayList<>();
        entries.values().forEach(e -> {
            TransactionValue latest = e.writing != null ? e.writing : e.value;
            if (latest != null) {
                live.add(new StateRecord(new StateKey.Transaction(e.transactionalId), latest));
            }
        });
        checkpointRunning = true;
        stateLog.checkpoint(live).whenCompleteAsync((v, e) -> {
            checkpointRunning = false;
            if (e != null) {
                log.warn("Checkpoint of the transaction log failed; it will be retried", e);
            }
        }, thread);
    }
}
