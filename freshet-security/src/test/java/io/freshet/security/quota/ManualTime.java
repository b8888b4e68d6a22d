package io.freshet.security.quota;

import org.apache.kafka.common.utils.Time;

import java.util.function.Supplier;

/** A clock the test moves by hand, so throttling is tested without sleeping. */
final class ManualTime implements Time {

    private long nowMs = 1_000_000L;

    void advance(long ms) {
        nowMs += ms;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return nowMs * 1_000_000L;
    }

    @Override
    public void sleep(long ms) {
        nowMs += ms;
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException();
    }
}
