package io.freshet.mqtt;

import org.apache.kafka.common.utils.Time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A clock that moves only when the test says so: session expiry and will delays are driven by it. */
final class TestClock implements Time {

    private final AtomicLong nowMs = new AtomicLong(1_700_000_000_000L);

    void advance(long ms) {
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

    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("nothing waits on this clock");
    }
}
