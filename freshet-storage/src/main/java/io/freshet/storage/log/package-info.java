/**
 * Partition logs: the store of every partition under one data directory ({@link io.freshet.storage.log.LogStore}),
 * each partition's segmented, append-only log ({@link io.freshet.storage.log.PartitionLog}), its segments, sparse
 * indexes and recovery, group-commit fsync, retention, and compaction.
 *
 * <pre>
 *   LogStore ── PartitionLog (one per partition) ── LogSegment (.log + .index + .timeindex) ...
 *      │            append: BatchValidator, DiskSpace.admit, ProducerStateTable, LogSegment.append
 *      │            read:   SegmentReader (verified bytes as a zero-copy SegmentSlice)
 *      │            load:   LogLoader, SegmentRecovery (scan, cut a torn tail, rebuild indexes)
 *      ├─ GroupCommitFlusher   freshet-fsync-N, freshet-flush-timer: fsyncs, seals, durable end
 *      ├─ scheduler            freshet-log-scheduler: retention, SegmentDeleter, DiskSpace refresh
 *      ├─ LogCleaner           freshet-log-cleaner: CleaningPlan, Compactor, SegmentRewriter, SegmentSwap
 *      └─ DiskSpace            free space and the log.dir.min.free.bytes reserve
 * </pre>
 *
 * <p>Threads: one writer per partition at a time (the log's lock), never held across an fsync; readers take no
 * lock and read the published {@code LogEnd}. A failed fsync fences the partition's writes until a restart and cuts
 * it back to its last fsynced end ({@code PartitionLog.failStorage}); a full disk only refuses the write.
 */
package io.freshet.storage.log;
