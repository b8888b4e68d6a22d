package io.freshet.http.v2;

import io.freshet.http.error.RestException;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs its tasks one at a time, in order, on a shared pool: a KafkaConsumer may be called from any thread but only
 * from one at a time, and one busy instance must not hold more than one pool thread. At most {@code maxQueued}
 * tasks wait; one more is refused with 429 (a client hammering one instance does not grow memory).
 */
final class SerialExecutor implements Executor {

    private final Executor pool;
    private final int maxQueued;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool, int maxQueued) {
        this.pool = pool;
        this.maxQueued = maxQueued;
    }

    @Override
    public void execute(Runnable task) {
        enqueue(task, false);
    }

    /** As {@link #execute}, never refused: for the instance's own work (a read's next slice, its close). */
    void executeInternal(Runnable task) {
        enqueue(task, true);
    }

    private void enqueue(Runnable task, boolean internal) {
        synchronized (this) {
            if (!internal && tasks.size() >= maxQueued) {
                throw new RestException(429, 42901, "Too many requests waiting for this consumer instance ("
                    + maxQueued + ")");
            }
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::runNext);
    }

    private void runNext() {
        Runnable task;
        synchronized (this) {
            task = tasks.poll();
        }
        try {
            task.run();
        } finally {
            synchronized (this) {
                if (tasks.isEmpty()) {
                    running = false;
                    return;
                }
            }
            // One task per turn: the pool's other instances get their turn between this instance's tasks.
            pool.execute(this::runNext);
        }
    }
}
