package io.freshet.http.stream;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Runs {@code beat} every {@code periodMs} in which the stream wrote nothing, so proxies and load balancers do not
 * close an idle stream. Event loop only.
 */
final class Heartbeat {

    private final Runnable beat;
    private ScheduledFuture<?> timer;
    private boolean wrote;

    Heartbeat(Runnable beat) {
        this.beat = beat;
    }

    void start(EventExecutor loop, long periodMs) {
        timer = loop.scheduleAtFixedRate(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Something was written: the next period needs no beat. */
    void wrote() {
        wrote = true;
    }

    private void tick() {
        if (!wrote) {
            beat.run();
        }
        wrote = false;
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
