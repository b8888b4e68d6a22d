package io.freshet.mqtt.protocol;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The answers a connection owes (PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK, and what to do about a refused QoS 0
 * PUBLISH), run in the order the requests arrived whatever order their results complete in: MQTT wants
 * acknowledgements in packet order. Results complete on any thread; answers run on the connection's event loop,
 * which owns this queue. Its length is the connection's work in flight: the connection stops reading above a bound.
 */
final class ReplyQueue {

    private static final Logger log = LoggerFactory.getLogger(ReplyQueue.class);

    private final EventExecutor loop;
    private final Runnable afterDrain;
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;

    ReplyQueue(EventExecutor loop, Runnable afterDrain) {
        this.loop = loop;
        this.afterDrain = afterDrain;
    }

    /** Runs {@code answer} with the result once it and every earlier answer are done. */
    <T> void add(CompletableFuture<T> result, BiConsumer<T, Throwable> answer) {
        if (closed) {
            return;
        }
        Pending<T> pending = new Pending<>(result, answer);
        if (queue.isEmpty() && result.isDone()) {
            pending.run();
            return;
        }
        queue.add(pending);
        result.whenComplete((v, e) -> {
            if (loop.inEventLoop()) {
                drain();
            } else {
                loop.execute(this::drain);
            }
        });
    }

    int size() {
        return queue.size();
    }

    /** The connection is gone: owed answers are dropped (their results still complete; nobody writes them). */
    void close() {
        closed = true;
        queue.clear();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!queue.isEmpty() && queue.peek().result.isDone()) {
                queue.poll().run();
            }
        } finally {
            draining = false;
        }
        if (!closed) {
            afterDrain.run();
        }
    }

    private record Pending<T>(CompletableFuture<T> result, BiConsumer<T, Throwable> answer) {

        void run() {
            T value = null;
            Throwable error = null;
            try {
                value = result.join();
            } catch (RuntimeException e) {
                error = ReasonCodes.unwrap(e);
            }
            try {
                answer.accept(value, error);
            } catch (RuntimeException e) {
                log.warn("An MQTT answer failed", e);
            }
        }
    }
}
