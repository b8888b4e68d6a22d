package io.freshet.storage.log;

import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one thread that fsyncs. Appenders enqueue "tell me when offset N is durable"; the flusher takes everything
 * queued, fsyncs each log involved once, and completes every waiter the fsync covered. While it is inside an
 * fsync, new waiters queue up and share the next one: group commit, so fsync latency bounds the latency of an
 * acks=all produce, not the throughput.
 *
 * <p>It also flushes logs whose data has waited longer than {@code flush.ms}, seals rolled segments (fsync, then
 * write their indexes) and writes producer-state snapshots, all off the request path.
 *
 * <p>Threading: waiters are completed on this thread; their callbacks must hand work to their own thread.
 */
final class GroupCommitFlusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitFlusher.class);
    private static final long PERIODIC_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private record Waiter(PartitionLog log, long offset, CompletableFuture<Void> done) {
    }

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Set<PartitionLog> nudged = ConcurrentHashMap.newKeySet();
    private final Supplier<Collection<PartitionLog>> allLogs;
    private final Time time;
    private final Thread thread;
    private volatile boolean running = true;

    GroupCommitFlusher(Supplier<Collection<PartitionLog>> allLogs, Time time) {
        this.allLogs = allLogs;
        this.time = time;
        this.thread = new Thread(this::run, "freshet-flusher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<Void> awaitDurable(PartitionLog partitionLog, long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new KafkaStorageException("The log store is shutting down"));
            return done;
        }
        waiters.add(new Waiter(partitionLog, offset, done));
        LockSupport.unpark(thread);
        return done;
    }

    /** Asks for a flush of this log soon, with nobody waiting (a roll, flush.messages, flush.ms=0). */
    void nudge(PartitionLog partitionLog) {
        nudged.add(partitionLog);
        LockSupport.unpark(thread);
    }

    private void run() {
        long nextPeriodic = System.nanoTime() + PERIODIC_CHECK_NANOS;
        while (running || !waiters.isEmpty()) {
            boolean worked = flushRound();
            if (System.nanoTime() >= nextPeriodic) {
                flushDue();
                nextPeriodic = System.nanoTime() + PERIODIC_CHECK_NANOS;
            }
            if (!worked && running) {
                LockSupport.parkNanos(this, Math.max(0, nextPeriodic - System.nanoTime()));
            }
        }
    }

    /** One group commit: everything queued so far shares one fsync per log. */
    private boolean flushRound() {
        Map<PartitionLog, List<Waiter>> byLog = new HashMap<>();
        Waiter waiter;
        while ((waiter = waiters.poll()) != null) {
            byLog.computeIfAbsent(waiter.log(), l -> new ArrayList<>()).add(waiter);
        }
        for (PartitionLog partitionLog : nudged) {
            nudged.remove(partitionLog);
            byLog.computeIfAbsent(partitionLog, l -> new ArrayList<>());
        }
        if (byLog.isEmpty()) {
            return false;
        }
        byLog.forEach(this::flushAndRelease);
        return true;
    }

    private void flushAndRelease(PartitionLog partitionLog, List<Waiter> logWaiters) {
        try {
            long flushed = partitionLog.flush();
            for (Waiter w : logWaiters) {
                if (w.offset() < flushed) {
                    w.done().complete(null);
                } else {
                    waiters.add(w); // appended after this fsync began: the next round covers it
                }
            }
        } catch (RuntimeException e) {
            logWaiters.forEach(w -> w.done().completeExceptionally(e));
        }
    }

    private void flushDue() {
        long now = time.milliseconds();
        for (PartitionLog partitionLog : allLogs.get()) {
            if (!partitionLog.isOffline() && partitionLog.flushDue(now)) {
                try {
                    partitionLog.flush();
                } catch (RuntimeException e) {
                    log.error("Periodic flush of {} failed", partitionLog.topicPartition(), e);
                }
            }
        }
    }

    /** Completes every waiter still queued (with a final flush), then stops the thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Waiter w;
        while ((w = waiters.poll()) != null) {
            w.done().completeExceptionally(new KafkaStorageException("The log store shut down"));
        }
    }
}
