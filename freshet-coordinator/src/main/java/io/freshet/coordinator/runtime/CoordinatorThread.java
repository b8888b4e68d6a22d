package io.freshet.coordinator.runtime;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread a coordinator runs on. Everything the coordinator owns (its state, its timers, its in-flight
 * writes) is touched only here: requests hop onto it with {@link #call}, storage callbacks with {@link #execute}.
 */
public final class CoordinatorThread {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorThread.class);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    /** A daemon thread named {@code name}; cancelled wake-ups are removed at once, none run after shutdown. */
    public CoordinatorThread(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Runs {@code work} on the thread; the result completes when the future {@code work} returns does (a rebalance,
     * an fsync later). A failure becomes the ApiException the request is answered with ({@link CoordinatorErrors});
     * after shutdown: COORDINATOR_NOT_AVAILABLE, which clients retry.
     *
     * @param subject what the work concerns (an API and a group or transactional id), for the error's message
     */
    public <T> CompletableFuture<T> call(String subject, Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    work.get().whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(CoordinatorErrors.toApiException(error, subject));
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(CoordinatorErrors.toApiException(e, subject));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CoordinatorNotAvailableException("The coordinator is shut down"));
        }
        return result;
    }

    /** Runs {@code task} on the thread; dropped after shutdown (the state it would touch is being discarded). */
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException shutDown) {
            log.debug("Coordinator thread stopped; dropping a task");
        }
    }

    /** Runs {@code task} on the thread after {@code delayMs} of real time; null after shutdown. */
    ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        try {
            return executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            return null;
        }
    }

    /** Whether the caller is this thread: the runtime's methods that touch state check it. */
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Stops the thread: the tasks already queued run (requests that were handed over, the runtime's last
     * clean-up), timers do not; waits up to 10 s, then interrupts.
     */
    public void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Thread {} did not stop within 10 s", thread);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
