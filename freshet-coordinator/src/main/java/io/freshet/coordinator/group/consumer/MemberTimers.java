package io.freshet.coordinator.group.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Named one-shot timers on the coordinator thread: a member's session (reset by each heartbeat) and its
 * revocation deadline. Scheduling a name again replaces its timer. Coordinator thread only.
 */
final class MemberTimers {

    private final ScheduledExecutorService thread;
    private final Map<String, ScheduledFuture<?>> timers = new HashMap<>();

    MemberTimers(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    static String session(String groupId, String memberId) {
        return "session/" + groupId + "/" + memberId;
    }

    static String revocation(String groupId, String memberId) {
        return "revocation/" + groupId + "/" + memberId;
    }

    void schedule(String name, long delayMs, Runnable task) {
        cancel(name);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = thread.schedule(() -> {
            // A timer replaced while already queued must not fire: only the current one for the name runs.
            if (timers.get(name) == self[0]) {
                timers.remove(name);
                task.run();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
        timers.put(name, self[0]);
    }

    boolean isScheduled(String name) {
        return timers.containsKey(name);
    }

    void cancel(String name) {
        ScheduledFuture<?> timer = timers.remove(name);
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
