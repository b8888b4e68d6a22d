package io.freshet.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1-minute load average from /proc/loadavg: how busy the shared cores were while we measured. */
public final class LoadAverage {

    private LoadAverage() {
    }

    /** NaN if /proc/loadavg cannot be read. */
    public static double oneMinute() {
        try {
            return parse(Files.readString(Path.of("/proc/loadavg")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The first field of a /proc/loadavg line, e.g. "0.71 0.83 1.04 1/234 5678" -> 0.71. */
    static double parse(String loadavg) {
        return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
    }
}
