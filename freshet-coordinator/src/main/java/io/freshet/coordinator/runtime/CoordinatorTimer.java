package io.freshet.coordinator.runtime;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;

/**
 * One-shot timers by key, on the coordinator thread, with deadlines on the coordinator's clock. Scheduling a key
 * again replaces its timer; a task runs on the coordinator thread and may touch any coordinator state.
 *
 * <p>Design note: deadlines come from the injected {@link Time}, not from the executor's own clock, so that a test
 * moves a manual clock and calls {@link #runDue} instead of sleeping. In production the timer wakes itself: it keeps
 * one wake-up scheduled on the coordinator thread for the earliest deadline. With a manual clock those real-time
 * wake-ups may come early (nothing is due yet; the next is scheduled) and are harmless.
 */
public final class CoordinatorTimer {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorTimer.class);

    private record Entry(String key, long deadlineMs, long sequence, Runnable task) {
    }

    private final Time time;
    private final CoordinatorThread thread;
    private final Map<String, Entry> byKey = new HashMap<>();
    private final TreeSet<Entry> byDeadline = new TreeSet<>((a, b) -> a.deadlineMs != b.deadlineMs
        ? Long.compare(a.deadlineMs, b.deadlineMs) : Long.compare(a.sequence, b.sequence));
    private long nextSequence;
    private ScheduledFuture<?> wakeup;
    private long wakeupAtMs = Long.MAX_VALUE;

    CoordinatorTimer(Time time, CoordinatorThread thread) {
        this.time = time;
        this.thread = thread;
    }

    /** Runs {@code task} once {@code delayMs} have passed on the clock, replacing any timer of this key. */
    public void schedule(String key, long delayMs, Runnable task) {
        cancel(key);
        Entry entry = new Entry(key, time.milliseconds() + Math.max(0, delayMs), nextSequence++, task);
        byKey.put(key, entry);
        byDeadline.add(entry);
        wakeUpBy(entry.deadlineMs);
    }

    public void cancel(String key) {
        Entry entry = byKey.remove(key);
        if (entry != null) {
            byDeadline.remove(entry);
        }
    }

    public boolean isScheduled(String key) {
        return byKey.containsKey(key);
    }

    /** Runs every task whose deadline has passed, earliest first; a task that throws is logged and the rest run. */
    public void runDue() {
        long now = time.milliseconds();
        while (!byDeadline.isEmpty() && byDeadline.first().deadlineMs <= now) {
            Entry entry = byDeadline.pollFirst();
            byKey.remove(entry.key);
            try {
                entry.task.run();
            } catch (RuntimeException e) {
                log.error("Timer {} failed", entry.key, e);
            }
        }
        wakeupAtMs = Long.MAX_VALUE;
        if (!byDeadline.isEmpty()) {
            wakeUpBy(byDeadline.first().deadlineMs);
        }
    }

    private void wakeUpBy(long deadlineMs) {
        if (deadlineMs >= wakeupAtMs) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        wakeupAtMs = deadlineMs;
        wakeup = thread.schedule(this::runDue, Math.max(0, deadlineMs - time.milliseconds()));
    }
}
