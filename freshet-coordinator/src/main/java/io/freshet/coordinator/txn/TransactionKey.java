package io.freshet.coordinator.txn;

import io.freshet.coordinator.runtime.StateKey;

/** A transactional id's state; the value is a {@link TransactionValue}. JSON type "transaction". */
public record TransactionKey(String transactionalId) implements StateKey {
}
