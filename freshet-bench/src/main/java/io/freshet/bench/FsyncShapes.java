package io.freshet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one group commit across partitions could save on this disk, before building one: the same bytes made
 * durable as N files each appended to and fdatasynced side by side (what Freshet does for N partitions, one fsync
 * pool task each), against one file taking all N appends and one fdatasync (what a shared write-ahead file would
 * do). Alternating rounds; prints the median time per commit of each shape and their ratio.
 *
 * <pre>java -cp ... io.freshet.bench.FsyncShapes DIR FILES BYTES_PER_FILE COMMITS ROUNDS</pre>
 */
public final class FsyncShapes {

    private FsyncShapes() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int files = Integer.parseInt(args[1]);
        int bytes = Integer.parseInt(args[2]);
        int commits = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(files);
        List<Double> separate = new ArrayList<>();
        List<Double> shared = new ArrayList<>();
        try {
            for (int round = 1; round <= rounds; round++) {
                double a = separateFiles(dir, pool, files, bytes, commits);
                double b = oneFile(dir, files, bytes, commits);
                separate.add(a);
                shared.add(b);
                System.out.printf("round %d: %d files side by side %.1f us per commit, one file %.1f us per commit%n",
                    round, files, a, b);
            }
        } finally {
            pool.shutdownNow();
        }
        double a = median(separate);
        double b = median(shared);
        double mib = files * (double) bytes / (1 << 20);
        System.out.printf("median: %d files x %d B, each fdatasynced: %.1f us per commit (%.0f MiB/s durable); one "
            + "file of %d B, one fdatasync: %.1f us per commit (%.0f MiB/s); one file / separate = %.2f%n", files,
            bytes, a, mib / (a / 1e6), files * bytes, b, mib / (b / 1e6), b / a);
    }

    private static double separateFiles(Path dir, ExecutorService pool, int files, int bytes, int commits)
        throws Exception {
        List<FileChannel> channels = new ArrayList<>();
        try {
            for (int f = 0; f < files; f++) {
                channels.add(open(dir.resolve("separate-" + f)));
            }
            ByteBuffer data = ByteBuffer.allocateDirect(bytes); // only read: shared by the writing threads
            long start = System.nanoTime();
            for (int c = 0; c < commits; c++) {
                List<Future<?>> done = new ArrayList<>();
                for (FileChannel channel : channels) {
                    done.add(pool.submit(() -> {
                        appendAndSync(channel, data.duplicate());
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            return (System.nanoTime() - start) / 1e3 / commits;
        } finally {
            for (FileChannel channel : channels) {
                channel.close();
            }
            for (int f = 0; f < files; f++) {
                Files.deleteIfExists(dir.resolve("separate-" + f));
            }
        }
    }

    private static double oneFile(Path dir, int files, int bytes, int commits) throws IOException {
        Path file = dir.resolve("shared");
        try (FileChannel channel = open(file)) {
            ByteBuffer data = ByteBuffer.allocateDirect(files * bytes);
            long start = System.nanoTime();
            for (int c = 0; c < commits; c++) {
                appendAndSync(channel, data.duplicate());
            }
            return (System.nanoTime() - start) / 1e3 / commits;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    }

    /** Appends all of {@code buffer} (a fresh view of the shape's one buffer, allocated outside the timing). */
    static void appendAndSync(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
