package io.freshet.mqtt.protocol;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The timers that end a connection gone quiet: no CONNECT within {@value #CONNECT_TIMEOUT_MS} ms of the socket
 * opening, then no packet within 1.5 x the client's Keep Alive (MQTT 3.1.2.10). One timer at a time. Owned by the
 * connection's event loop, like the connection.
 */
final class IdleTimeouts {

    /** A socket that sends no CONNECT within this long is closed. */
    static final long CONNECT_TIMEOUT_MS = 10_000;

    private final EventExecutor loop;
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> timer;

    IdleTimeouts(EventExecutor loop) {
        this.loop = loop;
    }

    /** A packet arrived (or reading resumed after a pause): the client's silence counts from now. */
    void packetRead() {
        lastReadNanos = System.nanoTime();
    }

    /** Runs {@code onTimeout} after {@value #CONNECT_TIMEOUT_MS} ms unless cancelled (the CONNECT came). */
    void awaitConnect(Runnable onTimeout) {
        timer = loop.schedule(onTimeout, CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Checks for 1.5 x Keep Alive without a packet; nothing for a Keep Alive of 0.
     *
     * @param connected     false once the connection is no longer connected: the checks stop
     * @param readingPaused true while the server does not read: that silence is not the client's
     * @param expired       run once when the client was silent too long
     */
    void startKeepAlive(int keepAliveSeconds, BooleanSupplier connected, BooleanSupplier readingPaused,
                        Runnable expired) {
        if (keepAliveSeconds > 0) {
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveSeconds * 1500L);
            timer = loop.schedule(() -> checkKeepAlive(timeoutNanos, connected, readingPaused, expired), timeoutNanos,
                TimeUnit.NANOSECONDS);
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void checkKeepAlive(long timeoutNanos, BooleanSupplier connected, BooleanSupplier readingPaused,
                                Runnable expired) {
        if (!connected.getAsBoolean()) {
            return;
        }
        long idle = System.nanoTime() - lastReadNanos;
        if (readingPaused.getAsBoolean()) {
            idle = 0; // the server stopped reading, not the client sending
        }
        if (idle >= timeoutNanos) {
            expired.run();
        } else {
            timer = loop.schedule(() -> checkKeepAlive(timeoutNanos, connected, readingPaused, expired),
                timeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }
}
