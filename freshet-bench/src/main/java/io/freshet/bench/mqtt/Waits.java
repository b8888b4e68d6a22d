package io.freshet.bench.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/** Bounded waits of the harness thread: for client futures, and for a counter to reach a target or stop moving. */
final class Waits {

    private static final long POLL_MILLIS = 20;

    private Waits() {
    }

    /** Waits for all of {@code futures}; throws naming {@code what} if one fails or they take over {@code seconds}. */
    static void all(List<? extends CompletableFuture<?>> futures, long seconds, String what) throws Exception {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            long done = futures.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            throw new TimeoutException(what + ": " + done + " of " + futures.size() + " within " + seconds + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Polls until {@code value} reaches {@code target} (which may itself move), or has not moved for
     * {@code quietMillis}, or {@code maxMillis} have passed; returns the last value.
     */
    static long until(LongSupplier value, LongSupplier target, long quietMillis, long maxMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long last = value.getAsLong();
        long lastMove = System.nanoTime();
        while (last < target.getAsLong() && System.nanoTime() < deadline
                && System.nanoTime() - lastMove < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            Thread.sleep(POLL_MILLIS);
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                lastMove = System.nanoTime();
            }
        }
        return value.getAsLong();
    }
}
