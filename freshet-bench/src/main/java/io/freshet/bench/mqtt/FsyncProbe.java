package io.freshet.bench.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What an fsync costs where Freshet's data directories go (java.io.tmpdir): 500 appends of 4 KiB, each followed by
 * {@code FileChannel.force(false)} (fdatasync), the mean time of one. Freshet's QoS 1 PUBACK waits for one (shared
 * by every message of a group commit); Mosquitto never pays it. Measured before and after the run, since the
 * shared disk's speed varies.
 */
final class FsyncProbe {

    private static final int WRITES = 500;

    private FsyncProbe() {
    }

    /** "0.144 ms per 4 KiB append + fdatasync", or why it could not be measured. */
    static String measure() {
        Path file = null;
        try {
            file = Files.createTempFile("mqtt-bench-fsync-", ".probe");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(4096);
                long start = System.nanoTime();
                for (int i = 0; i < WRITES; i++) {
                    block.clear();
                    channel.write(block);
                    channel.force(false);
                }
                double ms = (System.nanoTime() - start) / 1e6 / WRITES;
                return String.format(Locale.ROOT, "%.3f ms per 4 KiB append + fdatasync (mean of %d)", ms, WRITES);
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
