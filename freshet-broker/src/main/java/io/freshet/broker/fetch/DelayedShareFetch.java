package io.freshet.broker.fetch;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ShareFetch waiting for records to acquire, up to its {@code MaxWaitMs}. Unlike a {@link DelayedFetch}, an attempt
 * is asynchronous (acquiring is the share coordinator's work and takes records), so at most one attempt runs at a
 * time: a wake-up that arrives meanwhile runs another one after it, and the timer's final, forced attempt waits
 * for the running one instead of answering beside it (records it acquired would otherwise never reach the member).
 *
 * <p>Threading: {@link #wake()} may be called from any thread (appends, the share coordinator); everything else runs
 * on the connection's event loop.
 */
public final class DelayedShareFetch implements ParkedRequests.Parked {

    /** One acquisition pass over the request's partitions. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * Acquires what it can and answers the request when {@code force} or when enough was acquired.
         *
         * @return completes with true when the request was answered
         */
        CompletableFuture<Boolean> tryComplete(boolean force);
    }

    private final String groupId;
    private final Collection<TopicPartition> partitions;
    private final ScheduledExecutorService eventLoop;
    private final ShareFetchPurgatory purgatory;
    private final Attempt attempt;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private ScheduledFuture<?> timer;
    private boolean running;
    private boolean again;
    private boolean expired;
    private boolean done;

    private DelayedShareFetch(String groupId, Collection<TopicPartition> partitions,
                              ScheduledExecutorService eventLoop, ShareFetchPurgatory purgatory, Attempt attempt) {
        this.groupId = groupId;
        this.partitions = partitions;
        this.eventLoop = eventLoop;
        this.purgatory = purgatory;
        this.attempt = attempt;
    }

    /**
     * Watches the partitions, then makes the first attempt (so nothing made available between a caller's check and
     * the watch is missed). With {@code maxWaitMs <= 0}, or at shutdown, that attempt is the forced one. Must be
     * called on {@code eventLoop}.
     */
    public static DelayedShareFetch start(String groupId, Collection<TopicPartition> partitions, long maxWaitMs,
                                          ScheduledExecutorService eventLoop, ShareFetchPurgatory purgatory,
                                          Attempt attempt) {
        DelayedShareFetch fetch = new DelayedShareFetch(groupId, partitions, eventLoop, purgatory, attempt);
        if (maxWaitMs <= 0 || purgatory.isClosing()) {
            fetch.expired = true;
        } else {
            purgatory.watch(fetch);
            fetch.timer = eventLoop.schedule(fetch::expire, maxWaitMs, TimeUnit.MILLISECONDS);
        }
        fetch.run();
        return fetch;
    }

    String groupId() {
        return groupId;
    }

    @Override
    public Collection<TopicPartition> partitions() {
        return partitions;
    }

    /** Records may have become available on one of the partitions: try again on the event loop. Any thread. */
    @Override
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            eventLoop.execute(() -> {
                wakePending.set(false);
                run();
            });
        }
    }

    /** MaxWaitMs passed (or the broker is closing): the next attempt answers whatever it finds. Any thread. */
    @Override
    public void expire() {
        if (eventLoop.isShutdown()) {
            return;
        }
        eventLoop.execute(() -> {
            expired = true;
            run();
        });
    }

    private void run() {
        if (done) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        again = false;
        CompletableFuture<Boolean> answered;
        try {
            answered = attempt.tryComplete(expired);
        } catch (RuntimeException e) {
            answered = CompletableFuture.failedFuture(e);
        }
        answered.whenComplete((yes, failure) -> eventLoop.execute(() -> finishAttempt(failure != null || yes)));
    }

    private void finishAttempt(boolean answered) {
        running = false;
        if (answered) {
            done = true;
            if (timer != null) {
                timer.cancel(false);
            }
            purgatory.unwatch(this);
        } else if (again || expired) {
            run();
        }
    }
}
