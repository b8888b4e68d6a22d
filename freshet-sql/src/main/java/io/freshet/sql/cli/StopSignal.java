package io.freshet.sql.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How {@code freshet sql} learns it should stop: Ctrl-C (SIGINT) or SIGTERM through a shutdown hook, or a test.
 * The hook sets the signal, then waits (up to a minute) for the command to finish its clean-up, closing a push
 * query or the standalone engine's queries, because the JVM exits when its hooks return.
 */
public final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    /** A signal only {@link #stop()} sets. */
    public static StopSignal manual() {
        return new StopSignal();
    }

    /** A signal set by SIGINT/SIGTERM; {@link #finish()} removes the hook. */
    static StopSignal onShutdown() {
        StopSignal signal = new StopSignal();
        signal.hook = new Thread(() -> {
            signal.stop();
            try {
                signal.finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "freshet-sql-stop");
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    void await() throws InterruptedException {
        stopped.await();
    }

    /** The command is done: a pending hook may let the JVM exit. */
    void finish() {
        finished.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and sees finished
            }
        }
    }
}
