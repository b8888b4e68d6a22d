package io.freshet.coordinator.txn;

import java.util.concurrent.CompletableFuture;

/**
 * How the transaction coordinator ends a transaction's offsets in a group: the group coordinator's
 * {@code completeTransaction}, which runs on its own thread. The future completes once the offsets are committed
 * (or dropped) durably.
 */
@FunctionalInterface
public interface GroupOffsetsCompletion {

    CompletableFuture<Void> completeTransaction(String groupId, long producerId, boolean commit);
}
