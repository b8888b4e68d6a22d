package io.freshet.mqtt.delivery;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * When a persistent session's delivery state is written. Every change gets a version number; a change that must be
 * durable before the client sees its effect (a QoS 2 packet id before its first PUBLISH, the PUBREL stage before the
 * PUBREL, a subscription before its SUBACK) asks for a write at once, others (positions, QoS 1 acknowledgements: a
 * lost one only causes a redelivery) are written within {@link #BATCH_MS}. Changes made in one turn of the event
 * loop share one write, and writes made while one is in flight are folded into the next ({@link StateWriter}), so
 * QoS 2 costs one write per disk round trip, not one per message.
 *
 * <p>Owned by the session's thread. While the session is detached there is no owner thread: it writes what it has at
 * {@link #detach()} and nothing changes until the next {@link #attach}.
 */
final class DurableState {

    static final long BATCH_MS = 150;
    private static final long RETRY_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(DurableState.class);

    private final String clientId;
    private final boolean persistent;
    private final StateWriter writer;
    private final Supplier<StoredDelivery> snapshot;
    private final LongConsumer onDurable;

    private volatile EventExecutor executor;
    private long version;
    private long submitted;
    private boolean flushWanted;
    private boolean flushScheduled;
    private ScheduledFuture<?> timer;
    private boolean failureLogged;

    /**
     * @param onDurable called on the owner's thread with the newest durable version after each successful write
     */
    DurableState(String clientId, boolean persistent, io.freshet.mqtt.state.StateStore store, String key,
                 Supplier<StoredDelivery> snapshot, LongConsumer onDurable) {
        this.clientId = clientId;
        this.persistent = persistent;
        this.snapshot = snapshot;
        this.onDurable = onDurable;
        this.writer = new StateWriter(store, key, this::written);
    }

    /** Records a change; returns its version (0 for a session that stores nothing). */
    long changed(boolean urgent) {
        if (!persistent) {
            return 0;
        }
        version++;
        if (urgent) {
            wantFlush();
        } else if (timer == null && executor != null) {
            timer = executor.schedule(this::timerFired, BATCH_MS, TimeUnit.MILLISECONDS);
        }
        return version;
    }

    /** The current version: a change made so far is durable once {@link #isDurable} says so for it. */
    long version() {
        return version;
    }

    boolean isDurable(long v) {
        return v <= 0 || v <= writer.durableVersion();
    }

    void attach(EventExecutor owner) {
        executor = owner;
        if (persistent && submitted < version) {
            wantFlush();
        }
    }

    /** Writes what there is now (it goes out after a write in flight) and stops until the next attach. */
    void detach() {
        cancelTimer();
        executor = null;
        flushScheduled = false;
        flushNow();
    }

    /** Deletes the stored state; completes when the deletion is durable. */
    CompletableFuture<Void> delete() {
        cancelTimer();
        executor = null;
        version++;
        submitted = version;
        return writer.submit(version, null);
    }

    private void timerFired() {
        timer = null;
        flushWanted = true;
        tryFlush();
    }

    private void wantFlush() {
        flushWanted = true;
        EventExecutor ex = executor;
        if (!flushScheduled && ex != null) {
            flushScheduled = true;
            // after the rest of this turn of the event loop, so its changes share the write
            Hops.execute(ex, () -> {
                if (executor == ex) {
                    flushScheduled = false;
                    tryFlush();
                }
            });
        }
    }

    private void tryFlush() {
        if (flushWanted && !writer.isWriting()) {
            flushNow();
        }
    }

    private void flushNow() {
        flushWanted = false;
        cancelTimer();
        if (!persistent || submitted >= version) {
            return;
        }
        submitted = version;
        writer.submit(version, snapshot.get().encode());
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** On the store's thread: hop to the owner. */
    private void written(long writtenVersion, Throwable failure) {
        EventExecutor ex = executor;
        if (ex == null) {
            if (failure != null) {
                log.warn("MQTT client {}: storing its delivery state failed: {}", clientId, failure.toString());
            }
            return;
        }
        Hops.execute(ex, () -> {
            if (executor != ex) {
                return;
            }
            if (failure != null) {
                onFailure(failure);
            } else {
                failureLogged = false;
                tryFlush();
                onDurable.accept(writer.durableVersion());
            }
        });
    }

    private void onFailure(Throwable failure) {
        if (!failureLogged) {
            failureLogged = true;
            log.warn("MQTT client {}: storing its delivery state failed, retrying every {} ms: {}", clientId,
                RETRY_MS, failure.toString());
        }
        submitted = Math.min(submitted, writer.durableVersion());
        if (timer == null) {
            timer = executor.schedule(this::timerFired, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }
}
