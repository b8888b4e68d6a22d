package io.freshet.coordinator;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.slf4j.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The single thread each coordinator runs on (group, transaction): everything it owns is touched only there, so
 * requests hop onto it with {@link #call} and timers are scheduled on it.
 */
public final class CoordinatorThreads {

    private CoordinatorThreads() {
    }

    /** A daemon thread named {@code name}; cancelled timers are removed at once, none run after shutdown. */
    public static ScheduledThreadPoolExecutor start(String name) {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return thread;
    }

    /**
     * Runs {@code work} on {@code thread}; the result completes when the future {@code work} returns does (a
     * rebalance, an fsync later). After shutdown: COORDINATOR_NOT_AVAILABLE, which clients retry elsewhere.
     */
    public static <T> CompletableFuture<T> call(ScheduledThreadPoolExecutor thread, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    work.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CoordinatorNotAvailableException("The coordinator is shut down"));
        }
        return result;
    }

    /** Stops the thread, waiting up to 10 s for the task under way. */
    public static void stop(ScheduledThreadPoolExecutor thread, Logger log) {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Thread of {} did not stop within 10 s", thread);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
