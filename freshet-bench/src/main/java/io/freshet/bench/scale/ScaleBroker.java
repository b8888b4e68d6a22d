package io.freshet.bench.scale;

import io.freshet.bench.launch.Target;

import java.nio.file.Path;

/**
 * A broker the scale harness starts on a data directory it keeps across restarts: started, stopped gracefully
 * (SIGTERM) or killed (SIGKILL), and started again on the same directory.
 */
interface ScaleBroker {

    Target target();

    /**
     * Launches the broker on {@code dataDir} (created if missing) and returns once it is launched, not once it is
     * ready: the caller times readiness with its own probe from {@link Launched#launchedNanos()}.
     */
    Launched launch(Path dataDir, String logName) throws Exception;

    /** SIGTERM and waits (bounded) for the process to exit; returns the seconds it took. */
    double stopGracefully() throws Exception;

    /** SIGKILL, no shutdown work. */
    void kill() throws Exception;

    /** Whether the launched process is still alive (a broker that died of too many files is a result). */
    boolean alive();

    /** Stops whatever is still running, quietly; for the end of a case and the shutdown hook. */
    void cleanUp();

    /** The broker log of the latest start, kept in the harness's log folder. */
    Path latestLog();

    /** The first line of the latest broker log that names why it failed (too many files, memory), or "". */
    default String failureHint() {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(latestLog())) {
            return lines.filter(l -> l.contains("Too many open files") || l.contains("OutOfMemoryError")
                    || l.contains("Map failed") || l.contains("ERROR") || l.contains("FATAL"))
                .findFirst().map(l -> " [broker log: " + (l.length() > 300 ? l.substring(0, 300) + "..." : l) + "]")
                .orElse("");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** The pid, port and launch instant of one start. */
    record Launched(long pid, int port, long launchedNanos) {
        String bootstrap() {
            return "127.0.0.1:" + port;
        }
    }
}
