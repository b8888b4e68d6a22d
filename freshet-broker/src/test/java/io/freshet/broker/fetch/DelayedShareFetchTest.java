package io.freshet.broker.fetch;

import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A waiting ShareFetch on Netty's embedded event loop, whose clock moves only when the test says: wakes by append
 * and by availability, the forced attempt at MaxWaitMs, and one attempt at a time.
 */
class DelayedShareFetchTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final ShareFetchPurgatory purgatory = new ShareFetchPurgatory();
    /** Each attempt's force flag, and the future the test completes for it. */
    private final List<Boolean> forced = new ArrayList<>();
    private final List<CompletableFuture<Boolean>> attempts = new ArrayList<>();

    {
        loop.freezeTime();
    }

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    private DelayedShareFetch start(String group, long maxWaitMs) {
        return DelayedShareFetch.start(group, List.of(TP), maxWaitMs, loop.eventLoop(), purgatory, force -> {
            forced.add(force);
            CompletableFuture<Boolean> attempt = new CompletableFuture<>();
            attempts.add(attempt);
            return attempt;
        });
    }

    /** The latest attempt ends: answered or not (a forced attempt always answers). */
    private void finish(boolean answered) {
        attempts.get(attempts.size() - 1).complete(answered);
        loop.runPendingTasks();
    }

    @Test
    void shouldTryAgainAfterAnAppendAndStopWatchingOnceAnswered() {
        start("g", 1_000);
        finish(false);
        assertThat(purgatory.waiting()).isEqualTo(1);
        purgatory.onAppend(TP, 1);
        loop.runPendingTasks();
        assertThat(forced).containsExactly(false, false);
        finish(true);
        assertThat(purgatory.waiting()).isZero();
    }

    @Test
    void shouldAnswerWhateverIsThereAtMaxWait() {
        start("g", 1_000);
        finish(false);
        loop.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
        assertThat(forced).containsExactly(false);
        loop.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
        assertThat(forced).containsExactly(false, true);
    }

    @Test
    void shouldWakeOnlyTheGroupWhoseRecordsBecameAvailable() {
        start("g", 1_000);
        finish(false);
        purgatory.onAvailable("other", TP);
        loop.runPendingTasks();
        assertThat(forced).hasSize(1);
        purgatory.onAvailable("g", TP);
        loop.runPendingTasks();
        assertThat(forced).hasSize(2);
    }

    @Test
    void shouldRunOneAttemptAtATimeAndRepeatForAWakeDuringIt() {
        start("g", 1_000);
        purgatory.onAppend(TP, 1);
        purgatory.onAppend(TP, 2);
        loop.runPendingTasks();
        assertThat(attempts).hasSize(1);
        finish(false);
        assertThat(attempts).hasSize(2);
    }

    @Test
    void shouldForceTheAttemptAfterTheOneRunningWhenTheTimerFires() {
        start("g", 1_000);
        loop.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
        assertThat(forced).containsExactly(false);
        finish(false);
        assertThat(forced).containsExactly(false, true);
        finish(true);
        assertThat(purgatory.waiting()).isZero();
    }

    @Test
    void shouldNotWaitWhenMaxWaitIsZero() {
        start("g", 0);
        assertThat(forced).containsExactly(true);
        assertThat(purgatory.waiting()).isZero();
    }
}
