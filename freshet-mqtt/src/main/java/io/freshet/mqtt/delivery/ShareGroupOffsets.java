package io.freshet.mqtt.delivery;

import io.freshet.gateway.EventLog;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A share group's positions as the committed offsets of its consumer group: written at most every
 * {@link #COMMIT_MS} while they move (a lost commit only means redelivery), only the partitions that changed, and
 * retried every {@link #RETRY_MS} after a failure (a Kafka consumer using the same group id, say). Owned by the share
 * groups' thread.
 */
final class ShareGroupOffsets {

    static final long COMMIT_MS = 200;
    private static final long RETRY_MS = 5000;
    private static final Logger log = LoggerFactory.getLogger(ShareGroupOffsets.class);

    private final String groupId;
    private final EventLog eventLog;
    private final EventExecutor executor;
    private final Supplier<Map<TopicPartition, Long>> positions;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private ScheduledFuture<?> timer;
    private boolean inFlight;
    private boolean again;
    private boolean failureLogged;
    private boolean closed;

    /** @param positions the group's positions now, per partition */
    ShareGroupOffsets(String groupId, EventLog eventLog, EventExecutor executor,
                      Supplier<Map<TopicPartition, Long>> positions) {
        this.groupId = groupId;
        this.eventLog = eventLog;
        this.executor = executor;
        this.positions = positions;
    }

    /** The group starts at {@code offset} of {@code tp} because that is its committed offset. */
    void known(TopicPartition tp, long offset) {
        committed.put(tp, offset);
    }

    void forget(TopicPartition tp) {
        committed.remove(tp);
    }

    /** Positions moved: commit within {@link #COMMIT_MS}. */
    void changed() {
        if (timer == null && !closed) {
            timer = executor.schedule(() -> {
                timer = null;
                if (inFlight) {
                    again = true;
                } else {
                    commit(changedPositions());
                }
            }, COMMIT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Commits {@code starts} now; completes when they are durable (or failed: they are retried with the rest). */
    CompletableFuture<Void> commitNow(Map<TopicPartition, Long> starts) {
        return commit(starts);
    }

    /** Commits what changed, one last time. */
    CompletableFuture<Void> close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        return commit(changedPositions());
    }

    private Map<TopicPartition, Long> changedPositions() {
        Map<TopicPartition, Long> changed = new HashMap<>();
        positions.get().forEach((tp, position) -> {
            if (!position.equals(committed.get(tp))) {
                changed.put(tp, position);
            }
        });
        return changed;
    }

    private CompletableFuture<Void> commit(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        inFlight = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        eventLog.commitOffsets(groupId, offsets).whenComplete((ignored, failure) -> Hops.execute(executor, () -> {
            inFlight = false;
            if (failure == null) {
                failureLogged = false;
                committed.putAll(offsets);
            } else if (!failureLogged) {
                failureLogged = true;
                log.warn("MQTT share group: committing offsets of consumer group {} failed, retrying every {} ms: {}",
                    groupId, RETRY_MS, Failures.cause(failure).toString());
            }
            if (failure != null && !closed) {
                executor.schedule(this::changed, RETRY_MS, TimeUnit.MILLISECONDS);
            } else if (again) {
                again = false;
                changed();
            }
            done.complete(null);
        }));
        return done;
    }
}
