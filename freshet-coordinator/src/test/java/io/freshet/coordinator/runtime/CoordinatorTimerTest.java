package io.freshet.coordinator.runtime;

import io.freshet.storage.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Timers by key on the coordinator's clock: a test moves the clock instead of sleeping. */
@Timeout(30)
class CoordinatorTimerTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> fired = new ArrayList<>();
    private RuntimeHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private CoordinatorTimer timer() {
        return h.runtime.timer();
    }

    private void advance(long ms) throws Exception {
        clock.advance(ms);
        h.runtime.runDueTimers().get(10, TimeUnit.SECONDS);
    }

    @Test
    void dueTimersRunInDeadlineOrderWhenTheClockMoves() throws Exception {
        h = new RuntimeHarness(new ScriptedStateLog(), clock, Long.MAX_VALUE);
        h.onThread(() -> {
            timer().schedule("late", 300, () -> fired.add("late"));
            timer().schedule("early", 100, () -> fired.add("early"));
            timer().schedule("much-later", 10_000, () -> fired.add("much-later"));
            return null;
        });
        advance(99);
        assertThat(fired).isEmpty();
        advance(250);
        assertThat(fired).containsExactly("early", "late");
        assertThat(h.onThread(() -> timer().isScheduled("much-later"))).isTrue();
    }

    @Test
    void schedulingAKeyAgainReplacesItsTimerAndCancelStopsIt() throws Exception {
        h = new RuntimeHarness(new ScriptedStateLog(), clock, Long.MAX_VALUE);
        h.onThread(() -> {
            timer().schedule("session", 100, () -> fired.add("first"));
            timer().schedule("session", 200, () -> fired.add("second"));
            timer().schedule("gone", 50, () -> fired.add("gone"));
            timer().cancel("gone");
            return null;
        });
        advance(150);
        assertThat(fired).isEmpty();
        assertThat(h.onThread(() -> timer().isScheduled("gone"))).isFalse();
        advance(50);
        assertThat(fired).containsExactly("second");
        assertThat(h.onThread(() -> timer().isScheduled("session"))).isFalse();
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOthersAndATaskMayScheduleAgain() throws Exception {
        h = new RuntimeHarness(new ScriptedStateLog(), clock, Long.MAX_VALUE);
        h.onThread(() -> {
            timer().schedule("broken", 10, () -> {
                throw new IllegalStateException("a bug");
            });
            timer().schedule("periodic", 10, new Runnable() {
                @Override
                public void run() {
                    fired.add("tick");
                    timer().schedule("periodic", 10, this);
                }
            });
            return null;
        });
        advance(10);
        advance(10);
        assertThat(fired).containsExactly("tick", "tick");
    }

    @Test
    void onTheSystemClockTheThreadWakesItselfForItsTimers() throws Exception {
        h = new RuntimeHarness(new ScriptedStateLog());
        java.util.concurrent.CompletableFuture<String> ran = new java.util.concurrent.CompletableFuture<>();
        h.onThread(() -> {
            timer().schedule("soon", 20, () -> ran.complete(Thread.currentThread().getName()));
            return null;
        });
        assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo("test-coordinator");
    }
}
