package io.freshet.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used so far, from {@code /proc/PID/stat}: utime + stime (fields 14 and 15, in clock
 * ticks). All threads are included, the JIT and GC threads too. The command name (field 2) may hold spaces
 * and parentheses, so fields are counted after its last ')'.
 */
public final class ProcCpu {

    /** Linux's USER_HZ on every mainstream architecture; {@code getconf CLK_TCK} says so here. */
    public static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcCpu() {
    }

    public static double seconds(long pid) {
        try {
            return parseSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** utime + stime in seconds, from the text of a stat file. */
    public static double parseSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }
}
