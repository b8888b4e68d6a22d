package io.freshet.bench.launch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker process the harness started: where it listens, its pid (for /proc), how long it took to answer its
 * first request, and how to stop it. Every instance stays in {@link #open()} until closed, so a shutdown hook can
 * stop whatever is still running when the harness is interrupted. {@link #close()} is idempotent.
 */
public final class RunningBroker implements AutoCloseable {

    /** Stops the process and cleans up after it (data directory, pid file). */
    @FunctionalInterface
    public interface Stopper {
        void stop() throws Exception;
    }

    private static final Set<RunningBroker> OPEN = ConcurrentHashMap.newKeySet();

    private final Target target;
    private final int port;
    private final long pid;
    private final double startupSeconds;
    private final Stopper stopper;

    RunningBroker(Target target, int port, long pid, double startupSeconds, Stopper stopper) {
        this.target = target;
        this.port = port;
        this.pid = pid;
        this.startupSeconds = startupSeconds;
        this.stopper = stopper;
        OPEN.add(this);
    }

    /** Brokers started and not yet closed. */
    public static Set<RunningBroker> open() {
        return Set.copyOf(OPEN);
    }

    public Target target() {
        return target;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return pid;
    }

    /** Launch of the broker process to its first answered ApiVersions request. */
    public double startupSeconds() {
        return startupSeconds;
    }

    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        try {
            stopper.stop();
        } catch (Exception e) {
            System.err.println("bench: stopping " + target.label() + " (pid " + pid + ") failed: " + e);
        }
    }
}
