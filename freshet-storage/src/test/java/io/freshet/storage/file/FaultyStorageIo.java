package io.freshet.storage.file;

import org.apache.kafka.common.record.internal.FileRecords;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A {@link StorageIo} that fails chosen operations as a full or failing disk does, for tests: the Nth (or every)
 * write, fsync, truncate, rename, create (or read) of files whose path matches a predicate throws an
 * {@link IOException} with the kernel's message ("Input/output error" for EIO, "No space left on device" for
 * ENOSPC), optionally after writing part of the buffer (a torn write). Faults are armed and disarmed at run time
 * and count their hits. The usable space the store sees can be set too ({@link #setUsableSpace}).
 *
 * <pre>
 * FaultyStorageIo io = new FaultyStorageIo();
 * Fault full = io.inject(Op.WRITE, FaultyStorageIo.suffix(".log"), Errno.ENOSPC).tornAfter(100);
 * ... append: refused, the log unchanged ...
 * full.disarm();
 * </pre>
 *
 * <p>Segment files are opened as kafka-clients' {@link FileRecords} around a {@link FaultyFileChannel}, through
 * FileRecords' package-private constructor (by reflection: test code only). Caution: Netty's epoll transport
 * sends a {@code DefaultFileRegion} with native sendfile, which reads the JDK channel's file descriptor field
 * directly; a broker that serves fetches must only be given wrapped channels for files no fetch reads, see
 * {@link #wrapOnly}.
 *
 * <p>Thread-safe: the storage's threads all use it at once.
 */
public final class FaultyStorageIo implements StorageIo {

    /** The operations a fault can hit. */
    public enum Op { WRITE, FORCE, TRUNCATE, RENAME, CREATE, READ }

    /** The errors a fault throws, with the kernel's messages. */
    public enum Errno {
        EIO("Input/output error"),
        ENOSPC(DiskFull.ENOSPC_MESSAGE),
        EDQUOT(DiskFull.EDQUOT_MESSAGE);

        final String message;

        Errno(String message) {
            this.message = message;
        }
    }

    /** One armed rule. */
    public static final class Fault {
        private final Op op;
        private final Predicate<Path> paths;
        private final Errno errno;
        private volatile int nth; // 0: every matching operation
        private volatile int tornBytes = -1;
        private volatile boolean armed = true;
        private final AtomicInteger seen = new AtomicInteger();
        private final AtomicInteger hits = new AtomicInteger();

        private Fault(Op op, Predicate<Path> paths, Errno errno) {
            this.op = op;
            this.paths = paths;
            this.errno = errno;
        }

        /** Fails only the {@code n}th matching operation from now on (1: the next one). */
        public Fault onNth(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("n starts at 1");
            }
            seen.set(0);
            nth = n;
            return this;
        }

        /** Fails the next matching operation only. */
        public Fault once() {
            return onNth(1);
        }

        /** Writes: put the first {@code bytes} of the buffer in the file before failing (a torn write). */
        public Fault tornAfter(int bytes) {
            tornBytes = bytes;
            return this;
        }

        public Fault disarm() {
            armed = false;
            return this;
        }

        public Fault arm() {
            armed = true;
            return this;
        }

        /** How many operations this fault failed. */
        public int hits() {
            return hits.get();
        }

        boolean fires(Op candidate, Path path) {
            if (!armed || candidate != op || path == null || !paths.test(path)) {
                return false;
            }
            int n = nth;
            int count = seen.incrementAndGet();
            if (n != 0 && count != n) {
                return false;
            }
            hits.incrementAndGet();
            return true;
        }

        IOException error(Path path) {
            return new IOException(path + ": " + errno.message);
        }

        int tornBytes() {
            return tornBytes;
        }

        @Override
        public String toString() {
            return "Fault(" + op + " " + errno + (nth == 0 ? " every" : " #" + nth) + ", hits=" + hits + ")";
        }
    }

    private static final Constructor<FileRecords> FILE_RECORDS = fileRecordsConstructor();

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<Op, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> trace = new CopyOnWriteArrayList<>();
    private volatile Predicate<Path> wrapped = path -> true;
    private volatile LongSupplier usableSpace;
    private volatile boolean tracing;

    /** Files whose name ends with {@code suffix}: ".log", ".index", ".tmp", "producer-state", ... */
    public static Predicate<Path> suffix(String suffix) {
        return path -> path.getFileName() != null && path.getFileName().toString().endsWith(suffix);
    }

    /** Files and directories at or under {@code dir}. */
    public static Predicate<Path> under(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return path -> path.toAbsolutePath().normalize().startsWith(root);
    }

    /** Every path. */
    public static Predicate<Path> anyPath() {
        return path -> true;
    }

    /** Arms a fault that fails every matching operation until disarmed (or only the Nth: {@link Fault#onNth}). */
    public Fault inject(Op op, Predicate<Path> paths, Errno errno) {
        Fault fault = new Fault(op, paths, errno);
        faults.add(fault);
        return fault;
    }

    public void disarmAll() {
        faults.forEach(Fault::disarm);
        faults.clear();
    }

    /** Makes the store see {@code bytes} usable (as read by statfs); {@code null} for the real value. */
    public void setUsableSpace(LongSupplier bytes) {
        this.usableSpace = bytes;
    }

    /**
     * Wraps (and so can fail) only the channels of files matching {@code paths}; others are the JDK's own, which a
     * broker's sendfile needs. Default: all.
     */
    public void wrapOnly(Predicate<Path> paths) {
        this.wrapped = paths;
    }

    /** How many operations of this kind went through, failed or not. */
    public int count(Op op) {
        return counts.computeIfAbsent(op, o -> new AtomicInteger()).get();
    }

    /** Records "OP file-name" of every operation from now on (see {@link #trace()}). */
    public void startTrace() {
        trace.clear();
        tracing = true;
    }

    /** The operations since {@link #startTrace()}, in order, as "OP file-name". */
    public List<String> trace() {
        return List.copyOf(trace);
    }

    /** Called by {@link FaultyFileChannel} and the methods here for each operation: throws if a fault fires. */
    Fault check(Op op, Path path) {
        counts.computeIfAbsent(op, o -> new AtomicInteger()).incrementAndGet();
        if (tracing && path != null && op != Op.READ) {
            trace.add(op + " " + path.getFileName());
        }
        for (Fault fault : faults) {
            if (fault.fires(op, path)) {
                return fault;
            }
        }
        return null;
    }

    private void failIfFaulty(Op op, Path path) throws IOException {
        Fault fault = check(op, path);
        if (fault != null) {
            throw fault.error(path);
        }
    }

    @Override
    public FileRecords openRecords(Path file, boolean fileAlreadyExists, int initFileSize, boolean preallocate)
        throws IOException {
        if (!fileAlreadyExists || !Files.exists(file)) {
            failIfFaulty(Op.CREATE, file);
        }
        if (!wrapped.test(file)) {
            return StorageIo.SYSTEM.openRecords(file, fileAlreadyExists, initFileSize, preallocate);
        }
        // As FileRecords.open does, around a channel that can fail.
        FileChannel channel;
        if (fileAlreadyExists || !preallocate) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        } else {
            RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
            raf.setLength(initFileSize);
            channel = raf.getChannel();
        }
        int end = !fileAlreadyExists && preallocate ? 0 : Integer.MAX_VALUE;
        try {
            return FILE_RECORDS.newInstance(file.toFile(), new FaultyFileChannel(channel, file, this), end);
        } catch (InvocationTargetException e) {
            channel.close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (ReflectiveOperationException e) {
            channel.close();
            throw new IllegalStateException("kafka-clients' FileRecords(File, FileChannel, int) is not available", e);
        }
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        List<OpenOption> opts = Arrays.asList(options);
        if ((opts.contains(StandardOpenOption.CREATE) || opts.contains(StandardOpenOption.CREATE_NEW))
            && !Files.exists(file)) {
            failIfFaulty(Op.CREATE, file);
        }
        FileChannel channel = FileChannel.open(file, options);
        return wrapped.test(file) ? new FaultyFileChannel(channel, file, this) : channel;
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        failIfFaulty(Op.RENAME, source);
        StorageIo.SYSTEM.move(source, target, options);
    }

    @Override
    public void rename(FileRecords records, Path target) throws IOException {
        failIfFaulty(Op.RENAME, records.file().toPath());
        StorageIo.SYSTEM.rename(records, target);
        if (records.channel() instanceof FaultyFileChannel channel) {
            channel.renamed(target);
        }
    }

    @Override
    public FileStore fileStore(Path path) throws IOException {
        return new FakeFileStore(StorageIo.SYSTEM.fileStore(path), () -> usableSpace);
    }

    @Override
    public String toString() {
        return "FaultyStorageIo" + faults;
    }

    private static Constructor<FileRecords> fileRecordsConstructor() {
        try {
            Constructor<FileRecords> c = FileRecords.class.getDeclaredConstructor(File.class, FileChannel.class,
                int.class);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
