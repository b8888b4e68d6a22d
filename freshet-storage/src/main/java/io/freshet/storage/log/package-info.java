/**
 * Partition logs: the store of every partition under one data directory ({@link io.freshet.storage.log.LogStore}),
 * each partition's segmented, append-only log ({@link io.freshet.storage.log.PartitionLog}), its segments, sparse
 * indexes and recovery, group-commit fsync, retention, and compaction.
 *
 * <pre>
 *   LogStore ── PartitionLog (one per partition): DiskLog, or MemoryLog for freshet.storage=memory
 *      │            append: IncomingBatches (BatchValidator, BatchRecompressor, producer checks, offsets),
 *      │                    ProducerStateTable
 *      │   DiskLog ── LogSegment (.log + .index + .timeindex) ... ── SegmentFile (the .log channel, leased per use)
 *      │            append: DiskSpace.admit, LogSegment.append
 *      │            read:   SegmentReader (verified bytes as a zero-copy SegmentSlice)
 *      │            load:   LogLoader, SegmentRecovery (scan, cut a torn tail, rebuild indexes)
 *      │   MemoryLog ── MemoryRing ── MemorySegment (heap buffer + offset/time index) ...
 *      │            OffsetCeiling (offset-ceiling: offsets reserved on disk ahead, never reused)
 *      ├─ GroupCommitFlusher   freshet-fsync-N, freshet-flush-timer: fsyncs, seals, durable end
 *      ├─ ZeroFiller           freshet-zero-fill (log.zero.fill.ahead.bytes): zeros ahead of the active segments'
 *      │                       data (ZeroTail per segment), so that fdatasync does not commit the journal for growth
 *      ├─ scheduler            freshet-log-scheduler: retention (memory logs too), SegmentDeleter, DiskSpace
 *      │                       refresh, memory logs' offset-ceiling renewals
 *      ├─ LogCleaner           freshet-log-cleaner: CleaningPlan, Compactor, SegmentRewriter, SegmentSwap
 *      ├─ DiskSpace            free space and the log.dir.min.free.bytes reserve
 *      └─ OpenSegments         log.segment.open.files.max: closes the least recently used closable SegmentFile
 *                              past the budget; it reopens on its next use
 * </pre>
 *
 * <p>Threads: one writer per partition at a time (the log's lock), never held across an fsync; readers take no
 * lock and read the published {@code LogEnd}. A failed fsync fences the partition's writes until a restart and cuts
 * it back to its last fsynced end ({@code DiskLog.failStorage}); a full disk only refuses the write.
 */
package io.freshet.storage.log;
