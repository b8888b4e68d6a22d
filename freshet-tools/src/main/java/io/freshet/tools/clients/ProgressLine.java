package io.freshet.tools.clients;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A status line on a terminal, redrawn in place with {@code \r} at most {@link #REDRAWS_PER_SECOND} times a
 * second; on anything else (a pipe, a file, a CI log) it draws nothing, so logs get no control characters. One
 * thread draws (the command's main thread); the counts it shows may come from others.
 */
public final class ProgressLine {

    public static final int REDRAWS_PER_SECOND = 10;

    /** MB as Kafka's perf tools count it, 2^20 bytes, so that the numbers compare. */
    public static final double MB = 1024 * 1024;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private long lastDrawNanos;
    private int drawnWidth;
    private boolean drawn;
    private boolean everDrawn;

    public ProgressLine(PrintWriter err, boolean interactive, LongSupplier nanoClock) {
        this(err, interactive, nanoClock, TimeUnit.SECONDS.toNanos(1) / REDRAWS_PER_SECOND);
    }

    public ProgressLine(PrintWriter err, boolean interactive, LongSupplier nanoClock, long intervalNanos) {
        this.err = err;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
    }

    /** Whether a redraw would show now: on a terminal, and the interval since the last one has passed. */
    public boolean due() {
        return interactive && (!drawn || nanoClock.getAsLong() - lastDrawNanos >= intervalNanos);
    }

    /** Draws {@code text} over the previous line if {@link #due()}. */
    public void show(String text) {
        if (!due()) {
            return;
        }
        err.print('\r');
        err.print(text);
        if (text.length() < drawnWidth) { // blank out the rest of a longer previous line
            err.print(" ".repeat(drawnWidth - text.length()));
        }
        err.flush();
        drawnWidth = text.length();
        drawn = true;
        everDrawn = true;
        lastDrawNanos = nanoClock.getAsLong();
    }

    /** Wipes the line, if one was drawn, so that the summary that follows starts on a clean line. */
    public void clear() {
        if (drawn) {
            err.print('\r' + " ".repeat(drawnWidth) + '\r');
            err.flush();
            drawn = false;
            drawnWidth = 0;
        }
    }

    public boolean everDrawn() {
        return everDrawn;
    }

    /** Throughput as the lines show it: {@code 12,345 records  45,678 rec/s  44.6 MB/s}. */
    public static String rates(long records, long bytes, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        return String.format("%,d records  %,.0f rec/s  %.1f MB/s", records, records / seconds,
                bytes / seconds / MB);
    }
}
