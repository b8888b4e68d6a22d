package io.freshet.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads: each takes a key's next record from the {@link Dispatcher}, runs the handler on it with the
 * retry policy, asks the failure handler once the attempts are spent, and reports back. A failed attempt is retried
 * on the same thread while the key waits, so a retry never lets a later record of the key overtake it.
 */
final class Workers<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final Dispatcher<K, V> dispatcher;
    private final RecordHandler<K, V> handler;
    private final FailureHandler<K, V> onFailure;
    private final int attempts;
    private final long backoffMs;
    private final List<Thread> threads = new ArrayList<>();

    Workers(Dispatcher<K, V> dispatcher, RecordHandler<K, V> handler, FailureHandler<K, V> onFailure, int attempts,
            long backoffMs) {
        this.dispatcher = dispatcher;
        this.handler = handler;
        this.onFailure = onFailure;
        this.attempts = attempts;
        this.backoffMs = backoffMs;
    }

    void start(int count, String namePrefix) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(this::run, namePrefix + "-worker-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    private void run() {
        try {
            for (Dispatcher.Task<K, V> task = dispatcher.take(); task != null; task = dispatcher.take()) {
                Exception error;
                try {
                    error = attempt(task);
                } catch (Error e) {
                    // not retried (an assertion, out of memory): stop rather than leave the key held by a dead thread
                    LOG.error("stopping: the handler of {}-{}@{} threw {}", task.record().topic(),
                            task.record().partition(), task.record().offset(), e.toString(), e);
                    dispatcher.failed(task, new IllegalStateException("handler threw " + e, e));
                    return;
                }
                if (error == null) {
                    dispatcher.done(task);
                } else if (decide(task, error) == FailureHandler.Decision.SKIP) {
                    LOG.warn("skipping {}-{}@{} after {} attempts: {}", task.record().topic(),
                            task.record().partition(), task.record().offset(), attempts, error.toString());
                    dispatcher.done(task);
                } else {
                    LOG.error("stopping: {}-{}@{} failed {} attempts", task.record().topic(),
                            task.record().partition(), task.record().offset(), attempts, error);
                    dispatcher.failed(task, error);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close gave up waiting for this handler
        }
    }

    /** Runs the handler up to {@code attempts} times; null once it returned, else the last error. */
    private Exception attempt(Dispatcher.Task<K, V> task) throws InterruptedException {
        Exception last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                handler.handle(task.record());
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
                if (attempt < attempts && backoffMs > 0) {
                    Thread.sleep(backoffMs); // this key waits anyway: the retry must come before its next record
                }
            }
        }
        return last;
    }

    private FailureHandler.Decision decide(Dispatcher.Task<K, V> task, Exception error) {
        try {
            return onFailure.onFailure(task.record(), error);
        } catch (RuntimeException e) {
            error.addSuppressed(e);
            return FailureHandler.Decision.STOP;
        }
    }

    /** Waits for the threads to end (they end once the dispatcher stops); interrupts those still running then. */
    void join(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                LOG.warn("{} still runs a handler; interrupting it", thread.getName());
                thread.interrupt();
            }
        }
    }
}
