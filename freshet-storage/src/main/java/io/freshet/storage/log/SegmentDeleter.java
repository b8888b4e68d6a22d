package io.freshet.storage.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes segments in two steps: rename at once (a restart will not bring them back), close and remove after
 * {@code file.delete.delay.ms}, so that a fetch that already holds the segment can finish reading it.
 */
final class SegmentDeleter {

    private static final Logger log = LoggerFactory.getLogger(SegmentDeleter.class);
    private final ScheduledExecutorService scheduler;

    SegmentDeleter(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    void delete(DiskLog owner, List<LogSegment> segments) {
        for (LogSegment segment : segments) {
            try {
                segment.markDeleted();
            } catch (IOException e) {
                log.warn("Could not rename deleted segment {} of {}: {}", segment.baseOffset(),
                    owner.topicPartition(), e.toString());
            }
            deleteLater(owner, segment);
        }
        if (!segments.isEmpty()) {
            log.info("Deleted {} segment(s) of {}; log start offset is now {}", segments.size(),
                owner.topicPartition(), owner.logStartOffset());
        }
    }

    /** Second step only, for a segment already renamed by {@link LogSegment#markDeleted} (the cleaner's swap). */
    void deleteLater(DiskLog owner, LogSegment segment) {
        try {
            scheduler.schedule(() -> deleteNow(owner, segment), owner.config().fileDeleteDelayMs(),
                TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The store is closing: no fetch will read the segment any more, so delete it now.
            deleteNow(owner, segment);
        }
    }

    private static void deleteNow(DiskLog owner, LogSegment segment) {
        try {
            segment.deleteFiles();
        } catch (IOException e) {
            log.warn("Could not remove segment {} of {}: {}", segment.baseOffset(), owner.topicPartition(),
                e.toString());
        }
    }
}
