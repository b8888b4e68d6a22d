package io.freshet.storage.log;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The log cleaner: one thread, {@code freshet-log-cleaner}, that every {@code log.cleaner.backoff.ms} looks at
 * every compacted log and cleans those that need it ({@link Compactor}). It never runs on a request path.
 *
 * <p>Stopping does not interrupt the thread: an interrupt during a {@code FileChannel} read would close the
 * channel of a segment that readers share. Instead a flag makes a cleaning in progress give up between batch runs
 * (its {@code .cleaned} file is deleted, the log is untouched), and close waits for it.
 */
final class LogCleaner implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    private final Supplier<Collection<DiskLog>> logs;
    private final Compactor compactor;
    private final ScheduledExecutorService thread;
    private volatile boolean stopping;

    /** @param backoffMs pause between passes; 0 starts no thread (passes only through {@link #cleanAll}) */
    LogCleaner(Supplier<Collection<DiskLog>> logs, Time time, long backoffMs) {
        this.logs = logs;
        this.compactor = new Compactor(time, SegmentSwap.StepListener.NONE, () -> stopping);
        if (backoffMs > 0) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "freshet-log-cleaner");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::cleanAll, backoffMs, backoffMs, TimeUnit.MILLISECONDS);
        } else {
            thread = null;
        }
    }

    /** One pass over every log; returns how many were cleaned. Errors of one log do not stop the others. */
    int cleanAll() {
        int cleaned = 0;
        for (DiskLog partitionLog : logs.get()) {
            if (stopping) {
                break;
            }
            try {
                if (compactor.clean(partitionLog)) {
                    cleaned++;
                }
            } catch (IOException | RuntimeException e) {
                if (!stopping && !partitionLog.hasStorageFailed()) { // a storage failure is logged by the log
                    log.error("Cleaning {} failed; it will be retried", partitionLog.topicPartition(), e);
                }
            }
        }
        return cleaned;
    }

    @Override
    public void close() {
        stopping = true;
        if (thread != null) {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("The log cleaner did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
