package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;
import io.freshet.storage.producer.ProducerStateTable;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileLogInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Opens a partition directory at start-up: finds its segments, recovers those that need it, keeps exactly the
 * valid prefix of the log, and rebuilds the idempotent-producer state.
 *
 * <p>A segment is scanned ({@link SegmentRecovery}) when its indexes are missing, damaged or describe another file
 * size, and the last segment is scanned after every unclean stop. When a scan cuts a segment short, every later
 * segment is dropped too: offsets after a hole cannot be trusted, as in Kafka's own recovery.
 *
 * <p>Every segment scanned is fsynced before the log is served: after a kill -9 its tail may be in the page cache
 * only, and an idempotent producer retrying a batch found there is told it is a duplicate, so it must be durable
 * by then. Empty segments beyond the end of the log (left by a storage failure, which empties the segments after
 * the last fsynced offset) are removed quietly.
 */
final class LogLoader {

    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    record Loaded(ConcurrentSkipListMap<Long, LogSegment> segments, ProducerStateTable producers,
                  long logStartOffset) {
    }

    private LogLoader() {
    }

    static Loaded load(SegmentIo segmentIo, TopicPartition tp, Path dir, LogConfig config, boolean cleanShutdown,
                       long nowMs) throws IOException {
        StorageIo io = segmentIo.io();
        Files.createDirectories(dir);
        removeLeftovers(dir);
        finishSwaps(segmentIo, tp, dir, config);
        long logStartOffset = DiskLog.logStartOffsetFile(io, dir).read().orElse(0);
        List<Long> baseOffsets = baseOffsets(dir);
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        List<LogSegment> scanned = new ArrayList<>();
        for (int i = 0; i < baseOffsets.size(); i++) {
            boolean last = i == baseOffsets.size() - 1;
            LogSegment segment = LogSegment.open(segmentIo, dir, baseOffsets.get(i));
            boolean scan = !segment.hasIndexes() || (last && !cleanShutdown);
            if (!scan) {
                // Its index files describe this very file: they were written after it was fsynced (seal or close).
                segment.markSynced();
            }
            if (scan) {
                SegmentRecovery.Result result = SegmentRecovery.recover(segment, config.indexIntervalBytes());
                scanned.add(segment);
                if (result.truncatedBytes() > 0) {
                    log.warn("Recovered {}: segment {} kept {} bytes of valid batches and truncated a torn or "
                        + "corrupt tail of {} bytes", tp, segment.baseOffset(), result.validBytes(),
                        result.truncatedBytes());
                }
                if (!last && result.truncatedBytes() > 0) {
                    segments.put(segment.baseOffset(), segment);
                    dropFrom(tp, dir, baseOffsets.subList(i + 1, baseOffsets.size()), "after a damaged segment");
                    break;
                }
            }
            if (!segments.isEmpty() && segments.lastEntry().getValue().nextOffset() != segment.baseOffset()) {
                segment.close();
                dropFrom(tp, dir, baseOffsets.subList(i, baseOffsets.size()), "after a gap in offsets");
                break;
            }
            segments.put(segment.baseOffset(), segment);
        }
        if (segments.isEmpty()) {
            long base = Math.max(logStartOffset, 0);
            segments.put(base, LogSegment.create(segmentIo, dir, base, nowMs, config.preallocate(),
                config.segmentBytes()));
        }
        segments.headMap(segments.lastKey()).values().forEach(LogSegment::markSealed);
        long end = segments.lastEntry().getValue().nextOffset();
        long start = Math.min(Math.max(logStartOffset, segments.firstKey()), end);
        ProducerStateTable producers = loadProducers(dir, segments, start, end);
        for (LogSegment segment : segments.values()) {
            if (scanned.contains(segment) || segment == segments.lastEntry().getValue()) {
                segment.flush();
            }
        }
        return new Loaded(segments, producers, start);
    }

    private static List<Long> baseOffsets(Path dir) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                .filter(name -> name.endsWith(LogSegment.LOG_SUFFIX) && name.length() == 20 + 4)
                .forEach(name -> offsets.add(Long.parseLong(name.substring(0, 20))));
        }
        offsets.sort(null);
        return offsets;
    }

    /** Temporary files of an interrupted atomic write, and segments whose deletion was under way. */
    private static void removeLeftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp") || name.endsWith(LogSegment.DELETED_SUFFIX)
                    || name.endsWith(LogSegment.CLEANED_SUFFIX)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * Finishes a cleaner swap that a crash interrupted. A {@code .swap} file exists only once the cleaned segment
     * is complete and fsynced, so it wins: every segment whose base offset lies in the offsets it covers is the
     * old data it replaces and is removed, then it takes its final name. (A {@code .cleaned} file, written before
     * that point, was already removed as a leftover: the old segments are intact.)
     */
    private static void finishSwaps(SegmentIo segmentIo, TopicPartition tp, Path dir, LogConfig config)
        throws IOException {
        StorageIo io = segmentIo.io();
        List<Path> swaps;
        try (Stream<Path> files = Files.list(dir)) {
            swaps = files.filter(p -> p.getFileName().toString().endsWith(LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX))
                .sorted().toList();
        }
        for (Path swap : swaps) {
            long base = Long.parseLong(swap.getFileName().toString().substring(0, 20));
            LogSegment cleaned = LogSegment.openCleaned(segmentIo, dir, base, swap, 0L);
            long next;
            try {
                next = SegmentRecovery.recover(cleaned, config.indexIntervalBytes()).nextOffset();
            } finally {
                cleaned.close();
            }
            deleteSegmentFilesIn(dir, base, next);
            io.move(swap, dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)),
                StandardCopyOption.ATOMIC_MOVE);
            io.fsyncDirectory(dir);
            log.warn("Recovered {}: finished the interrupted swap of cleaned segment {} (offsets {} to {})", tp, base,
                base, next - 1);
        }
    }

    /**
     * Removes every file of the segments whose base offsets lie in {@code [from, to)}: their logs, and also index
     * files whose log was already renamed for deletion when the swap was interrupted. Such a stale index could
     * describe the cleaned file (same base offset, maybe the same size) and be trusted for it.
     */
    private static void deleteSegmentFilesIn(Path dir, long from, long to) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                boolean segmentFile = name.length() > 20 && name.substring(0, 20).chars().allMatch(Character::isDigit)
                    && (name.endsWith(LogSegment.LOG_SUFFIX) || name.endsWith(LogSegment.INDEX_SUFFIX)
                    || name.endsWith(LogSegment.TIME_INDEX_SUFFIX));
                if (segmentFile && name.indexOf('.') == 20) {
                    long base = Long.parseLong(name.substring(0, 20));
                    if (base >= from && base < to) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    private static void dropFrom(TopicPartition tp, Path dir, List<Long> baseOffsets, String why) throws IOException {
        for (long base : baseOffsets) {
            Path file = dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX));
            if (Files.size(file) == 0) {
                log.info("Recovery of {} removes empty segment {} beyond the end of the log", tp, base);
            } else {
                log.error("Recovery of {} drops segment {} {}: its data cannot be placed in the log", tp, base, why);
            }
            LogSegment.deleteFiles(dir, base);
        }
    }

    /** The producer snapshot, then every batch after it replayed from the batch headers. */
    private static ProducerStateTable loadProducers(Path dir, ConcurrentSkipListMap<Long, LogSegment> segments,
                                                    long start, long end) throws IOException {
        ProducerStateTable producers = new ProducerStateTable();
        long from = producers.loadSnapshot(dir);
        if (from < 0 || from > end) {
            producers = new ProducerStateTable();
            from = start;
        }
        long replayFrom = from;
        ProducerStateTable table = producers;
        for (LogSegment segment : segments.tailMap(segments.floorKey(Math.max(from, segments.firstKey()))).values()) {
            int position = segment.offsetIndex().lookup(from);
            segment.withRecords(records -> {
                for (FileLogInputStream.FileChannelRecordBatch batch : records.batchesFrom(position)) {
                    if (batch.lastOffset() >= replayFrom && batch.hasProducerId()) {
                        table.onBatch(batch);
                    }
                }
                return null;
            });
        }
        return producers;
    }
}
