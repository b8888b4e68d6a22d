package io.freshet.storage.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the calling thread while it runs a piece of code (HotSpot's per-thread allocation counter):
 * how fuzz tests check that a small input cannot make a decoder allocate far beyond its own size (KAFKA-14063).
 */
public final class AllocationMeter {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    private AllocationMeter() {
    }

    /** Bytes allocated by this thread so far. */
    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated so far by every live thread of the JVM: for work done on other threads (a server's event
     * loops). Threads that end between two readings take their counts with them, so use it for bounds, generously.
     */
    public static long allThreadsAllocatedBytes() {
        long[] all = THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds());
        long sum = 0;
        for (long bytes : all) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    /** What one run allocated, and what it threw (null when it returned). */
    public record Measured(long bytes, Throwable thrown) {
    }

    /** Runs {@code work} and returns what this thread allocated meanwhile and what it threw. */
    public static Measured measure(Runnable work) {
        long before = allocatedBytes();
        Throwable thrown = null;
        try {
            work.run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Measured(allocatedBytes() - before, thrown);
    }
}
