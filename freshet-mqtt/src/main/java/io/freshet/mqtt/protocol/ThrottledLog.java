package io.freshet.mqtt.protocol;

import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A log line per kind of event at most every {@value #INTERVAL_MS} ms, with the count of those left out, so a
 * client (or thousands) repeating the same mistake cannot flood the log. Thread-safe.
 */
final class ThrottledLog {

    private static final long INTERVAL_MS = 10_000;

    private final Logger log;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    ThrottledLog(Logger log) {
        this.log = log;
    }

    /** Logs at INFO unless a line of this {@code kind} was logged less than the interval ago. */
    void info(String kind, String format, Object... args) {
        long suppressed = admit(kind);
        if (suppressed >= 0) {
            log.info(format + suffix(suppressed), args);
        }
    }

    /** Logs at WARN unless a line of this {@code kind} was logged less than the interval ago. */
    void warn(String kind, String format, Object... args) {
        long suppressed = admit(kind);
        if (suppressed >= 0) {
            log.warn(format + suffix(suppressed), args);
        }
    }

    /** -1 to leave the line out, else how many were left out since the last one. */
    private long admit(String kind) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.currentTimeMillis();
        long last = window.lastLoggedMs.get();
        if (now - last < INTERVAL_MS || !window.lastLoggedMs.compareAndSet(last, now)) {
            window.suppressed.incrementAndGet();
            return -1;
        }
        return window.suppressed.getAndSet(0);
    }

    private static String suffix(long suppressed) {
        return suppressed == 0 ? "" : " (and " + suppressed + " more like it not logged)";
    }

    private static final class Window {
        final AtomicLong lastLoggedMs = new AtomicLong(Long.MIN_VALUE / 2);
        final AtomicLong suppressed = new AtomicLong();
    }
}
