package io.freshet.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as {@code /proc/PID/status} reports it: VmRSS (resident now) and VmHWM (the peak resident
 * set since it started), both in KiB in the file.
 */
public record ProcStatus(long rssKib, long hwmKib) {

    public static ProcStatus of(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
        }
    }

    /** Parses the text of a status file; a missing line gives -1. */
    public static ProcStatus parse(String status) {
        return new ProcStatus(kib(status, "VmRSS:"), kib(status, "VmHWM:"));
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }

    public double hwmMib() {
        return hwmKib / 1024.0;
    }

    private static long kib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] words = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(words[0]);
            }
        }
        return -1;
    }
}
