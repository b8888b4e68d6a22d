package io.freshet.storage.testing;

import org.apache.kafka.common.utils.Time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A clock that moves only when a test says so ({@link #advance}, or {@link #sleep}, which moves it too): storage
 * timers (free-space refresh, flush.ms) and coordinator timers (sessions, rebalances, retention, transaction
 * timeouts, with the coordinator's {@code runDueTimers}) are driven by it, never by sleeping.
 */
public final class ManualClock implements Time {

    private final AtomicLong nowMs;

    public ManualClock() {
        this(1_700_000_000_000L);
    }

    /** Starts at {@code startMs} (e.g. the real time, where a broker checks record timestamps against its own). */
    public ManualClock(long startMs) {
        nowMs = new AtomicLong(startMs);
    }

    public void advance(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long milliseconds() {
        return nowMs.get();
    }

    @Override
    public long nanoseconds() {
        return TimeUnit.MILLISECONDS.toNanos(nowMs.get());
    }

    /** Sleeping on a manual clock moves it: nothing in Freshet sleeps on its clock, but Time requires it. */
    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("Freshet never waits on its clock");
    }
}
