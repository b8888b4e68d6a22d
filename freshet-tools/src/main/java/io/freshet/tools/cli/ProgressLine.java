package io.freshet.tools.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A status line on a terminal, redrawn in place with {@code \r} at most {@link #REDRAWS_PER_SECOND} times a
 * second (or once per interval); on anything else (a pipe, a file, a CI log) it draws nothing, so logs get no
 * control characters. One thread draws (the command's main thread); the counts it shows may come from others.
 */
public final class ProgressLine {

    public static final int REDRAWS_PER_SECOND = 10;

    /** MB as Kafka's perf tools count it, 2^20 bytes, so that the numbers compare. */
    public static final double MB = 1024 * 1024;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private long nextDrawNanos;
    private int drawnWidth;

    /** A line that may be drawn at once, then at most {@link #REDRAWS_PER_SECOND} times a second. */
    public ProgressLine(PrintWriter err, boolean interactive, LongSupplier nanoClock) {
        this(err, interactive, nanoClock, TimeUnit.SECONDS.toNanos(1) / REDRAWS_PER_SECOND,
                nanoClock.getAsLong());
    }

    private ProgressLine(PrintWriter err, boolean interactive, LongSupplier nanoClock, long intervalNanos,
            long firstDrawNanos) {
        this.err = err;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
        this.nextDrawNanos = firstDrawNanos;
    }

    /** A line drawn once per {@code intervalNanos}, the first time after one interval (nothing to say before). */
    public static ProgressLine every(PrintWriter err, boolean interactive, LongSupplier nanoClock,
            long intervalNanos) {
        return new ProgressLine(err, interactive, nanoClock, intervalNanos, nanoClock.getAsLong() + intervalNanos);
    }

    /** Whether {@link #show} would draw now: on a terminal, and not within an interval of the last draw. */
    public boolean due() {
        return interactive && nanoClock.getAsLong() - nextDrawNanos >= 0;
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
        drawnWidth = Math.max(text.length(), 1);
        nextDrawNanos = nanoClock.getAsLong() + intervalNanos;
    }

    /** Wipes the line, if one was drawn, so that the summary that follows starts on a clean line. */
    public void clear() {
        if (drawnWidth > 0) {
            err.print('\r' + " ".repeat(drawnWidth) + '\r');
            err.flush();
            drawnWidth = 0;
        }
    }

    /** Throughput as the lines show it: {@code 12,345 records  45,678 rec/s  44.6 MB/s}. */
    public static String rates(long records, long bytes, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        return String.format("%,d records  %,.0f rec/s  %.1f MB/s", records, records / seconds,
                bytes / seconds / MB);
    }
}
