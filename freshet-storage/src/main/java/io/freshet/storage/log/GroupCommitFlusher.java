package io.freshet.storage.log;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does every fsync. Appenders ask "tell me when offset N is durable"; each partition has at most one fsync under
 * way, and every waiter that queued while it ran shares the next one: group commit, so fsync latency bounds the
 * latency of an acks=all produce, not its throughput. Different partitions are fsynced in parallel on a small
 * pool, which also lets the filesystem fold their journal commits into one.
 *
 * <p>It also flushes logs whose data has waited longer than {@code flush.ms}, seals rolled segments and writes
 * producer-state snapshots ({@link DiskLog#flush}), all off the request path.
 *
 * <p>Threading: {@link DiskLog#flush} of one log runs on one pool thread at a time (the {@code scheduled}
 * flag of its {@link LogFlusher}). Waiters are completed on pool threads; their callbacks must hand work to their
 * own thread.
 */
final class GroupCommitFlusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitFlusher.class);
    private static final long PERIODIC_CHECK_MS = 50;

    private record Waiter(long offset, CompletableFuture<Void> done) {
    }

    private final ConcurrentHashMap<DiskLog, LogFlusher> flushers = new ConcurrentHashMap<>();
    /**
     * Logs that may hold data not yet fsynced: the only ones the {@code flush.ms} timer looks at, so that an idle
     * broker with 100,000 partitions does not read every one of them 20 times a second.
     */
    private final Set<DiskLog> unflushed = ConcurrentHashMap.newKeySet();
    private final Time time;
    private final FlushObserver observer;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;

    /** @param threads the fsync pool's size ({@code log.flush.threads}): fsyncs of different partitions in flight */
    GroupCommitFlusher(Time time, FlushObserver observer, int threads) {
        this.time = time;
        this.observer = observer;
        AtomicInteger ids = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "freshet-fsync-" + ids.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "freshet-flush-timer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::nudgeDue, PERIODIC_CHECK_MS, PERIODIC_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Void> awaitDurable(DiskLog partitionLog, long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new KafkaStorageException("The log store is shutting down"));
            return done;
        }
        flusherOf(partitionLog).await(new Waiter(offset, done));
        return done;
    }

    /** Asks for a flush of this log soon, with nobody waiting (a roll, flush.messages, flush.ms=0). */
    void nudge(DiskLog partitionLog) {
        if (running) {
            flusherOf(partitionLog).nudge();
        }
    }

    private LogFlusher flusherOf(DiskLog partitionLog) {
        return flushers.computeIfAbsent(partitionLog, LogFlusher::new);
    }

    /** A log was appended to past its fsynced offset: the timer looks at it until it is fully fsynced. */
    void watch(DiskLog partitionLog) {
        unflushed.add(partitionLog);
    }

    /** The partition was deleted: its fsync pipeline is dropped (one already running finishes on its own). */
    void forget(DiskLog partitionLog) {
        unflushed.remove(partitionLog);
        flushers.remove(partitionLog);
    }

    private void nudgeDue() {
        long now = time.milliseconds();
        for (Iterator<DiskLog> it = unflushed.iterator(); it.hasNext(); ) {
            DiskLog partitionLog = it.next();
            if (partitionLog.hasStorageFailed()) {
                it.remove(); // writes are refused until a restart: nothing to fsync
            } else if (partitionLog.flushDue(now)) {
                nudge(partitionLog);
            } else if (!partitionLog.hasUnflushedData()) {
                it.remove(); // removed before the flag is cleared, so that a racing append's re-add is kept
                partitionLog.onUnwatched();
            }
        }
    }

    /** Lets queued fsyncs finish (waiters released), then stops the threads; later waiters fail. */
    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("fsyncs still running 30 s after shutdown began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushers.values().forEach(LogFlusher::failAll);
    }

    /** The fsync pipeline of one partition. */
    private final class LogFlusher implements Runnable {

        private final DiskLog partitionLog;
        private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean nudged;

        LogFlusher(DiskLog partitionLog) {
            this.partitionLog = partitionLog;
        }

        void await(Waiter waiter) {
            waiters.add(waiter);
            schedule();
        }

        void nudge() {
            nudged = true;
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    pool.execute(this);
                } catch (RejectedExecutionException shuttingDown) {
                    scheduled.set(false);
                    failAll();
                }
            }
        }

        @Override
        public void run() {
            try {
                List<Waiter> batch;
                // Non-short-circuit |: both must run every time, or a nudge would outlive the waiters it came with.
                while (!(batch = drain()).isEmpty() | consumeNudge()) {
                    flushAndRelease(batch);
                }
            } finally {
                scheduled.set(false);
            }
            if (partitionLog.isOffline()) {
                flushers.remove(partitionLog, this); // deleted: an append that raced the deletion brought it back
            }
            if (!waiters.isEmpty() || nudged) {
                schedule(); // queued after the last drain, before the flag was cleared
            }
        }

        private boolean consumeNudge() {
            boolean was = nudged;
            nudged = false;
            return was;
        }

        private List<Waiter> drain() {
            List<Waiter> batch = new ArrayList<>();
            Waiter w;
            while ((w = waiters.poll()) != null) {
                batch.add(w);
            }
            return batch;
        }

        /**
         * One fsync for the whole batch. When it fails, waiters whose offsets an earlier fsync covered still succeed;
         * every other one fails, and never gets an acknowledgement later (the log refuses writes from then on).
         */
        private void flushAndRelease(List<Waiter> batch) {
            long flushed;
            try {
                long before = partitionLog.flushedOffset();
                long startNanos = System.nanoTime();
                flushed = partitionLog.flush();
                if (flushed > before || !batch.isEmpty()) { // a flush with nothing to write is no fsync to report
                    observer.flushed(System.nanoTime() - startNanos, batch.size());
                }
            } catch (RuntimeException e) {
                long durable = partitionLog.flushedOffset();
                batch.forEach(w -> {
                    if (w.offset() < durable) {
                        w.done().complete(null);
                    } else {
                        w.done().completeExceptionally(e);
                    }
                });
                return;
            }
            for (Waiter w : batch) {
                if (w.offset() < flushed) {
                    w.done().complete(null);
                } else {
                    // A waiter's offset was appended before it queued, so a flush after that covers it. Requeueing
                    // would spin on this thread: fail it loudly instead.
                    IllegalStateException bug = new IllegalStateException("fsync of " + partitionLog.topicPartition()
                        + " reached offset " + flushed + " but a waiter asked for offset " + w.offset()
                        + ", appended before it queued");
                    log.error("Group commit bug", bug);
                    w.done().completeExceptionally(bug);
                }
            }
        }

        void failAll() {
            Waiter w;
            while ((w = waiters.poll()) != null) {
                w.done().completeExceptionally(new KafkaStorageException("The log store shut down"));
            }
        }
    }
}
