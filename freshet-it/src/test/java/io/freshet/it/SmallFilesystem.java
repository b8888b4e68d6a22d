package io.freshet.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small real filesystem mounted for one test, so that a full disk is the kernel's ENOSPC and not a simulation:
 * ext4 in a loop-mounted image file (as a data disk behaves on a server: journal, delayed allocation), or, where
 * loop devices are missing, a size-limited tmpfs. Mounting needs root; where it is not allowed the test is skipped
 * (JUnit assumption) with the reason.
 *
 * <p>The filesystem is made without reserved blocks ({@code mkfs.ext4 -m 0}): the broker runs as root, which may
 * write into ext4's root reserve, so with a reserve "full" would depend on who writes.
 */
final class SmallFilesystem implements AutoCloseable {

    private static final int CHUNK = 1 << 20;

    private final Path mountPoint;
    private final Path image;
    private final String type;

    private SmallFilesystem(Path mountPoint, Path image, String type) {
        this.mountPoint = mountPoint;
        this.image = image;
        this.type = type;
    }

    /** Mounts a filesystem of about {@code bytes} on {@code mountPoint} (created), or skips the test. */
    static SmallFilesystem mount(Path mountPoint, long bytes) {
        try {
            Files.createDirectories(mountPoint);
            Path image = mountPoint.resolveSibling(mountPoint.getFileName() + ".ext4");
            List<String> why = new ArrayList<>();
            if (run(why, "truncate", "-s", Long.toString(bytes), image.toString())
                && run(why, "mkfs.ext4", "-q", "-F", "-m", "0", image.toString())
                && run(why, "mount", "-o", "loop", image.toString(), mountPoint.toString())) {
                return new SmallFilesystem(mountPoint, image, "ext4 (loop)");
            }
            Files.deleteIfExists(image);
            if (run(why, "mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", mountPoint.toString())) {
                return new SmallFilesystem(mountPoint, null, "tmpfs");
            }
            Assumptions.abort("Cannot mount a small filesystem for the disk-full test (needs root and loop "
                + "devices or tmpfs): " + String.join("; ", why));
            throw new AssertionError("unreachable");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return mountPoint;
    }

    String type() {
        return type;
    }

    long usableBytes() {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a filler file of real blocks so that about {@code freeBytes} stay free; returns it. */
    Path fillLeaving(String name, long freeBytes) {
        long size = Math.max(0, usableBytes() - freeBytes);
        Path filler = mountPoint.resolve(name);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            long written = 0;
            while (written < size) {
                chunk.clear().limit((int) Math.min(CHUNK, size - written));
                written += channel.write(chunk);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("filling " + filler + " to leave " + freeBytes + " bytes free", e);
        }
        return filler;
    }

    /** Writes a filler file until the filesystem refuses with ENOSPC; returns it. */
    Path fillToTheBrim(String name) {
        Path filler = mountPoint.resolve(name);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            try {
                while (true) {
                    block.clear();
                    channel.write(block);
                }
            } catch (IOException full) {
                if (!String.valueOf(full.getMessage()).contains("No space left")) {
                    throw full;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("filling " + filler, e);
        }
        return filler;
    }

    void delete(Path filler) {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts (lazily if something still holds it) and removes the image. */
    @Override
    public void close() {
        List<String> why = new ArrayList<>();
        if (!run(why, "umount", mountPoint.toString())) {
            run(why, "umount", "-l", mountPoint.toString());
        }
        try {
            if (image != null) {
                Files.deleteIfExists(image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return type + " at " + mountPoint;
    }

    private static boolean run(List<String> why, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                why.add(String.join(" ", command) + ": timed out");
                return false;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                why.add(String.join(" ", command) + ": exit " + process.exitValue() + " " + output);
                return false;
            }
            return true;
        } catch (IOException e) {
            why.add(String.join(" ", command) + ": " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.add("interrupted");
            return false;
        }
    }
}
