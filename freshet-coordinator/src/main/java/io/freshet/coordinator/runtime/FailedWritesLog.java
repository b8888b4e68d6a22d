package io.freshet.coordinator.runtime;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a coordinator's failed writes as an episode, not once per request: a full disk fails every commit for as
 * long as it lasts, and clients retry each one several times a second. The first failure is a WARN with its cause,
 * then at most one reminder a minute with the count, and one INFO when a write is durable again. Coordinator thread
 * only.
 */
final class FailedWritesLog {

    static final long REMINDER_INTERVAL_MS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(FailedWritesLog.class);

    private final String name;
    private final Time time;
    private long failed;
    private long lastWarnMs;

    FailedWritesLog(String name, Time time) {
        this.name = name;
        this.time = time;
    }

    /** {@code what}: the write that failed and was reverted (its record count, how many after it). */
    void onFailed(String what, Throwable cause) {
        long now = time.milliseconds();
        failed++;
        if (failed == 1) {
            lastWarnMs = now;
            log.warn("{}: {}: {}. Clients get COORDINATOR_NOT_AVAILABLE and retry; the state stays as it was",
                name, what, cause.toString());
        } else if (now - lastWarnMs >= REMINDER_INTERVAL_MS) {
            lastWarnMs = now;
            log.warn("{}: writes still failing, {} reverted so far; the latest: {}", name, failed, cause.toString());
        }
    }

    void onDurable() {
        if (failed > 0) {
            log.info("{}: writes are durable again, after {} were reverted", name, failed);
            failed = 0;
        }
    }
}
