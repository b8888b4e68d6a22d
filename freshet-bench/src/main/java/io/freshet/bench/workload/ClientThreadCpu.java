package io.freshet.bench.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the client's own threads over a timed case: the calling thread (the one that sends or polls) and
 * the Kafka client's I/O threads alive at the start (the producer's {@code kafka-producer-network-thread}). The
 * busiest one's share of the wall time says whether the client bounds the case: a thread near 100% cannot go
 * faster whatever the broker does.
 */
public final class ClientThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String PRODUCER_IO_THREAD = "kafka-producer-network-thread";

    private final Map<Long, Long> startNanos = new HashMap<>();

    private ClientThreadCpu() {
    }

    /** Starts measuring the current thread and every Kafka client I/O thread now alive. */
    public static ClientThreadCpu start() {
        ClientThreadCpu cpu = new ClientThreadCpu();
        cpu.startNanos.put(Thread.currentThread().getId(), THREADS.getCurrentThreadCpuTime());
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(PRODUCER_IO_THREAD)) {
                cpu.startNanos.put(thread.getId(), THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        return cpu;
    }

    /** The busiest measured thread's CPU time over {@code wallSeconds}, as a fraction (1.0: one core, always on). */
    public double busiestShare(double wallSeconds) {
        long busiest = 0;
        for (Map.Entry<Long, Long> thread : startNanos.entrySet()) {
            long now = THREADS.getThreadCpuTime(thread.getKey());
            if (now >= 0 && thread.getValue() >= 0) {
                busiest = Math.max(busiest, now - thread.getValue());
            }
        }
        return busiest / 1e9 / wallSeconds;
    }
}
