package io.freshet.broker.fetch;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fetch that did not find {@code min.bytes} and waits up to {@code max.wait.ms} for more. Each attempt re-reads
 * the partitions on the connection's event loop; the fetch completes when an attempt is satisfied or when the
 * timer fires (then it answers with whatever is there, possibly nothing).
 *
 * <p>Threading: {@link #wake()} may be called from any appending thread; everything else runs on the event loop
 * that owns the connection. Wake-ups that arrive while one is already queued are coalesced.
 */
public final class DelayedFetch implements ParkedRequests.Parked {

    /** One read of the fetch's partitions. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * Reads the partitions and answers the request if {@code force} or if enough data is there.
         *
         * @return true when the request was answered
         */
        boolean tryComplete(boolean force);
    }

    private final Collection<TopicPartition> partitions;
    private final ScheduledExecutorService eventLoop;
    private final FetchPurgatory purgatory;
    private final Attempt attempt;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private ScheduledFuture<?> timer;
    private boolean done;

    private DelayedFetch(Collection<TopicPartition> partitions, ScheduledExecutorService eventLoop,
                         FetchPurgatory purgatory, Attempt attempt) {
        this.partitions = partitions;
        this.eventLoop = eventLoop;
        this.purgatory = purgatory;
        this.attempt = attempt;
    }

    /**
     * Parks a fetch. Must be called on {@code eventLoop}. After watching, it reads once more, since data appended
     * between the caller's first read and the watch would otherwise not wake it.
     */
    public static DelayedFetch park(Collection<TopicPartition> partitions, long maxWaitMs,
                                    ScheduledExecutorService eventLoop, FetchPurgatory purgatory, Attempt attempt) {
        DelayedFetch fetch = new DelayedFetch(partitions, eventLoop, purgatory, attempt);
        purgatory.watch(fetch);
        fetch.timer = eventLoop.schedule(() -> fetch.check(true), maxWaitMs, TimeUnit.MILLISECONDS);
        fetch.check(purgatory.isClosing());
        return fetch;
    }

    @Override
    public Collection<TopicPartition> partitions() {
        return partitions;
    }

    /** New data on one of the partitions: try again on the event loop. Safe from any thread. */
    @Override
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            eventLoop.execute(() -> {
                wakePending.set(false);
                check(false);
            });
        }
    }

    /** Answers now, whatever the data; safe from any thread. */
    @Override
    public void expire() {
        eventLoop.execute(() -> check(true));
    }

    private void check(boolean force) {
        if (done) {
            return;
        }
        if (attempt.tryComplete(force)) {
            done = true;
            if (timer != null) {
                timer.cancel(false);
            }
            purgatory.unwatch(this);
        }
    }
}
