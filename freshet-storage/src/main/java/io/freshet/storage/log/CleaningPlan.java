package io.freshet.storage.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which part of a compacted log to clean now, if any: the cleaner's dirty-ratio selection.
 *
 * <p>The cleanable range is a prefix of the sealed segments (never the active one) that stops before the first
 * segment reaching the last stable offset (an open transaction's records are never cleaned) and before the first
 * dirty segment younger than {@code min.compaction.lag.ms} (judged by its largest timestamp, or its creation time
 * when it has none). Segments below the cleaner's checkpoint are clean, the rest dirty; the log is cleaned when
 * dirty bytes / cleanable bytes reaches {@code min.cleanable.dirty.ratio}, or when the first dirty segment's first
 * batch is older than {@code max.compaction.lag.ms}, whatever the ratio.
 *
 * @param segments         every cleanable segment, clean and dirty, oldest first: all are rewritten
 * @param firstDirtyOffset the cleaner's checkpoint (or the first segment's base offset, if higher)
 * @param endOffset        the offset after the last cleanable segment: the next checkpoint
 * @param dirtyRatio       dirty bytes / cleanable bytes
 */
record CleaningPlan(List<LogSegment> segments, long firstDirtyOffset, long endOffset, double dirtyRatio) {

    /** The dirty segments: those whose keys go into the key map. */
    List<LogSegment> dirtySegments() {
        return segments.stream().filter(s -> s.nextOffset() > firstDirtyOffset).toList();
    }

    static Optional<CleaningPlan> select(List<LogSegment> sealed, long checkpoint, long lastStableOffset,
                                         LogConfig config, long nowMs) throws IOException {
        List<LogSegment> cleanable = new ArrayList<>();
        for (LogSegment segment : sealed) {
            boolean dirty = segment.nextOffset() > checkpoint;
            if (segment.nextOffset() > lastStableOffset
                || (dirty && nowMs - largestTimestamp(segment) < config.minCompactionLagMs())) {
                break;
            }
            cleanable.add(segment);
        }
        if (cleanable.isEmpty()) {
            return Optional.empty();
        }
        long endOffset = cleanable.get(cleanable.size() - 1).nextOffset();
        long firstDirty = Math.max(checkpoint, cleanable.get(0).baseOffset());
        if (firstDirty >= endOffset) {
            return Optional.empty();
        }
        long cleanBytes = 0;
        long dirtyBytes = 0;
        LogSegment firstDirtySegment = null;
        for (LogSegment segment : cleanable) {
            if (segment.nextOffset() <= firstDirty) {
                cleanBytes += segment.sizeInBytes();
            } else {
                dirtyBytes += segment.sizeInBytes();
                firstDirtySegment = firstDirtySegment == null ? segment : firstDirtySegment;
            }
        }
        double ratio = cleanBytes + dirtyBytes == 0 ? 0 : (double) dirtyBytes / (cleanBytes + dirtyBytes);
        boolean overdue = firstDirtySegment != null && config.maxCompactionLagMs() < Long.MAX_VALUE
            && nowMs - firstTimestamp(firstDirtySegment) >= config.maxCompactionLagMs();
        if (dirtyBytes == 0 || (ratio < config.minCleanableDirtyRatio() && !overdue)) {
            return Optional.empty();
        }
        return Optional.of(new CleaningPlan(List.copyOf(cleanable), firstDirty, endOffset, ratio));
    }

    private static long largestTimestamp(LogSegment segment) {
        return segment.maxTimestamp() >= 0 ? segment.maxTimestamp() : segment.createdMs();
    }

    /** The first batch's (largest) timestamp: read from its header only. */
    private static long firstTimestamp(LogSegment segment) throws IOException {
        long first = segment.withRecords(records -> {
            var batches = records.batchesFrom(0).iterator();
            return batches.hasNext() ? batches.next().maxTimestamp() : -1L;
        });
        return first >= 0 ? first : segment.createdMs();
    }
}
