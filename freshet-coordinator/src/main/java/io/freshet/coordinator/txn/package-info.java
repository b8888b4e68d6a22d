/**
 * The transaction coordinator (transactions protocol v1, KIP-98/KIP-447), on a
 * {@link io.freshet.coordinator.runtime.CoordinatorRuntime} of its own (thread {@code freshet-txn-coordinator},
 * log {@code __transaction_state-0}).
 *
 * <pre>
 *   TransactionCoordinator ─ TransactionApis (InitProducerId, AddPartitions/AddOffsetsToTxn, EndTxn)
 *                          ─ TransactionCompleter (Prepare* ─> markers ─> group offsets ─> Complete*)
 *                          ─ TransactionAdmin (Describe/ListTransactions, committed view)
 *                          ─ TransactionStore (the StateStore of TransactionKey; busy = write in flight or completing)
 * </pre>
 * Nothing acts on a state a crash could take back: decisions read the committed state and an id with a change in
 * flight is busy (CONCURRENT_TRANSACTIONS). This package never depends on {@code coordinator.group}: group offsets
 * are reached through {@link io.freshet.coordinator.txn.GroupOffsetsCompletion}.
 */
package io.freshet.coordinator.txn;
