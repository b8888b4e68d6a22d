package io.freshet.coordinator.runtime;

import java.util.Set;

/**
 * The state as it is durable: what reads answer (OffsetFetch, ConsumerGroupDescribe, Describe/ListTransactions), so
 * that no answer shows a value a crash, or a failed write, could take back.
 */
public interface CommittedView {

    /**
     * The key's committed value: for a key that an in-flight write touches, the value before the oldest such write;
     * otherwise its live value. Null when the key has none.
     */
    Object committedValue(StateKey key);

    /** The keys written by writes not yet durable: the only ones whose committed value may differ from the live one. */
    Set<StateKey> keysInFlight();
}
