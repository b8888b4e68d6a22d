package io.freshet.mqtt.delivery;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Handing work to the thread that owns the state it touches. */
final class Hops {

    private Hops() {
    }

    /**
     * Runs {@code task} on {@code owner}. If the owner is shutting down (its connection's event loop, the share
     * groups' thread at close) the task is dropped: there is nothing left to serve, and the caller, often an
     * appending or fsync thread of the broker, must not fail for it.
     */
    static void execute(Executor owner, Runnable task) {
        try {
            owner.execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
