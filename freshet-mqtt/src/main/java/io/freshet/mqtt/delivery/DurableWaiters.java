package io.freshet.mqtt.delivery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers that wait for a state version to be durable: a SUBACK or UNSUBACK goes out only once the subscription
 * change is stored, so a restart keeps what the client was told. Owned by the session's thread.
 */
final class DurableWaiters {

    private record Waiter(long version, CompletableFuture<Void> future) {
    }

    private final List<Waiter> waiters = new ArrayList<>();

    /** A future completed by {@link #durable} once {@code version} is. */
    CompletableFuture<Void> waitFor(long version) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.add(new Waiter(version, future));
        return future;
    }

    /** Versions up to {@code durableVersion} are durable: their waiters go on. */
    void durable(long durableVersion) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.version() <= durableVersion) {
                it.remove();
                waiter.future().complete(null);
            }
        }
    }

    /** The connection is gone: nobody waits for the answers any more. */
    void releaseAll() {
        for (Waiter waiter : waiters) {
            waiter.future().complete(null);
        }
        waiters.clear();
    }
}
