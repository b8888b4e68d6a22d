package io.freshet.bench.mqtt;

import io.freshet.bench.report.Percentiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * What an fsync costs where Freshet's data directories go (java.io.tmpdir): 500 appends of 4 KiB, each followed by
 * {@code FileChannel.force(false)} (fdatasync); the median, p99 and max of one. Freshet's QoS 1 PUBACK waits for one (shared
 * by every message of a group commit); Mosquitto never pays it. Measured before and after the run, since the
 * shared disk's speed varies.
 */
public final class FsyncProbe {

    private static final int WRITES = 500;

    private FsyncProbe() {
    }

    /** "4 KiB append + fdatasync: p50 0.14 ms, p99 0.40 ms, max 1.20 ms", or why it could not be measured. */
    public static String measure() {
        Path file = null;
        try {
            file = Files.createTempFile("mqtt-bench-fsync-", ".probe");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(4096);
                long[] nanos = new long[WRITES];
                for (int i = 0; i < WRITES; i++) {
                    long start = System.nanoTime();
                    block.clear();
                    channel.write(block);
                    channel.force(false);
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                return String.format(Locale.ROOT, "4 KiB append + fdatasync (%d): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    WRITES, Percentiles.of(nanos, 50) / 1e6, Percentiles.of(nanos, 99) / 1e6, nanos[WRITES - 1] / 1e6);
            }
        } catch (IOException e) {
            return "not measured: " + e.getMessage();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
