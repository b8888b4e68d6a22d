package io.freshet.broker.handler;

import java.util.concurrent.CompletableFuture;

/**
 * Per-connection state that handlers share across requests. Owned by the connection's event loop.
 *
 * <p>{@code appendTail} completes when the last produce request of the connection has appended (or failed).
 * A produce that must wait (for example for an auto-created topic) would otherwise let a later produce of the
 * same connection append first, and an idempotent producer's sequence numbers would then arrive out of order.
 */
public final class ConnectionState {

    private CompletableFuture<Void> appendTail = CompletableFuture.completedFuture(null);

    public CompletableFuture<Void> appendTail() {
        return appendTail;
    }

    public void appendTail(CompletableFuture<Void> tail) {
        this.appendTail = tail;
    }
}
