package io.freshet.coordinator.runtime;

import ch.qos.logback.classic.Level;
import io.freshet.storage.testing.LogLines;
import io.freshet.storage.testing.ManualClock;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedWritesLogTest {

    private final ManualClock clock = new ManualClock();
    private final FailedWritesLog failures = new FailedWritesLog("freshet-group-coordinator", clock);

    @Test
    void shouldWarnOnceAnEpisodeWithAReminderAMinuteAndSayWhenWritesAreDurableAgain() {
        KafkaStorageException full = new KafkaStorageException("Disk full: no space left on device");
        try (LogLines lines = new LogLines(FailedWritesLog.class)) {
            for (int i = 0; i < 50; i++) {
                failures.onFailed("a write of 3 records could not be appended and was reverted", full);
                clock.advance(100);
            }
            assertThat(lines.at(Level.WARN)).hasSize(1).first().asString()
                .contains("freshet-group-coordinator", "could not be appended", "Disk full", "COORDINATOR_NOT_AVAILABLE");

            clock.advance(FailedWritesLog.REMINDER_INTERVAL_MS);
            failures.onFailed("a write of 1 records could not be appended and was reverted", full);
            assertThat(lines.at(Level.WARN)).hasSize(2).last().asString().contains("51 reverted so far");

            failures.onDurable();
            failures.onDurable();
            assertThat(lines.at(Level.INFO)).containsExactly(
                "freshet-group-coordinator: writes are durable again, after 51 were reverted");

            failures.onFailed("a write could not be made durable; reverted it and the 0 after it", full);
            assertThat(lines.at(Level.WARN)).as("a new episode is told again").hasSize(3);
        }
    }
}
