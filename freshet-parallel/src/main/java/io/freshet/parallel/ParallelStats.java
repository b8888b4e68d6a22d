package io.freshet.parallel;

/**
 * A snapshot of a consumer's counters.
 *
 * @param bufferedRecords     records polled and not yet done (queued and running)
 * @param bufferedBytes       their serialized key and value bytes
 * @param peakBufferedRecords the most records buffered at once since the start
 * @param peakBufferedBytes   the most bytes buffered at once since the start
 * @param processedRecords    records done (handled, or failed and skipped)
 * @param pausedPartitions    partitions paused now because the buffer is full
 */
public record ParallelStats(int bufferedRecords, long bufferedBytes, int peakBufferedRecords, long peakBufferedBytes,
                            long processedRecords, int pausedPartitions) {
}
