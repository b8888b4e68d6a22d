package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.CoordinatorTimer;

import java.util.function.Consumer;

/**
 * One timer per share partition, at its next deadline: the earliest lock expiry or end of a wait (release backoff,
 * delivery time). Share coordinator thread only.
 *
 * <p>Design note: one timer per partition rather than per acquired batch keeps the timer queue as small as the
 * number of busy partitions. A timer may fire early (the lock it was set for was acknowledged); the partition then
 * finds nothing due and the timer is set again for what is next.
 */
final class PartitionTimers {

    private final CoordinatorTimer timer;
    private final Consumer<SharePartitionKey> onDue;

    /** @param onDue what to do when a partition's deadline has come (expire its locks, tell the listener) */
    PartitionTimers(CoordinatorTimer timer, Consumer<SharePartitionKey> onDue) {
        this.timer = timer;
        this.onDue = onDue;
    }

    /** Sets the partition's timer for its next deadline, if earlier than the one set (or none is). */
    void schedule(SharePartition partition, long nowMs) {
        long next = partition.nextDeadline(nowMs);
        String timerKey = timerKey(partition.key);
        if (next == Long.MAX_VALUE) {
            timer.cancel(timerKey);
            partition.wakeAtMs = Long.MAX_VALUE;
        } else if (next < partition.wakeAtMs || !timer.isScheduled(timerKey)) {
            partition.wakeAtMs = next;
            SharePartitionKey key = partition.key;
            timer.schedule(timerKey, next - nowMs, () -> onDue.accept(key));
        }
    }

    /** The partition's timer fired: the next {@link #schedule} sets a new one. */
    void fired(SharePartition partition) {
        partition.wakeAtMs = Long.MAX_VALUE;
    }

    void cancel(SharePartitionKey key) {
        timer.cancel(timerKey(key));
    }

    private static String timerKey(SharePartitionKey key) {
        return "share " + key.group() + " " + key.topic() + "-" + key.partition();
    }
}
