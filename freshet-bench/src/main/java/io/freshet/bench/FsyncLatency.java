package io.freshet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The latency of one small durable append on this disk: append {@code BYTES} to a file, fdatasync, repeat, and print
 * the percentiles of each append+fdatasync. This is the floor under an acks=all produce's latency at a low rate (one
 * fsync per request), so it is what the e2e cases' p99 is compared with.
 *
 * <pre>java -cp ... io.freshet.bench.FsyncLatency DIR BYTES COUNT</pre>
 */
public final class FsyncLatency {

    private FsyncLatency() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int bytes = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        Path file = dir.resolve("latency");
        long[] nanos = new long[count];
        ByteBuffer data = ByteBuffer.allocateDirect(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int i = 0; i < count; i++) {
                ByteBuffer view = data.duplicate();
                long start = System.nanoTime();
                FsyncShapes.appendAndSync(channel, view);
                nanos[i] = System.nanoTime() - start;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(nanos);
        System.out.printf("append %d B + fdatasync, %d times: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
            bytes, count, at(nanos, 0.50), at(nanos, 0.99), at(nanos, 0.999), nanos[count - 1] / 1e6);
    }

    /** Nearest rank, in milliseconds. */
    private static double at(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
