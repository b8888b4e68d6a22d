package io.freshet.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine has been busy, from the first line of {@code /proc/stat}: user + nice + system + irq +
 * softirq + steal (guest time is already inside user), in seconds over all cores. Over an interval, minus what the
 * broker and the load client used, it is what the machine's other processes took: the noise of a shared box.
 */
public final class MachineCpu {

    private MachineCpu() {
    }

    public static double busySeconds() {
        try {
            return parseBusySeconds(Files.readString(Path.of("/proc/stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    /** From the text of /proc/stat: its "cpu " line. */
    public static double parseBusySeconds(String stat) {
        String line = stat.lines().filter(l -> l.startsWith("cpu ")).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no cpu line in /proc/stat"));
        String[] f = line.trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {   // user nice system (idle iowait skipped) irq softirq steal
            if (i < f.length) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / (double) ProcCpu.CLOCK_TICKS_PER_SECOND;
    }
}
