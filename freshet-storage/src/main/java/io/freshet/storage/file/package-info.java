/**
 * Files on disk, below the logs: the {@link io.freshet.storage.file.StorageIo} seam that every write, fsync,
 * truncation, creation and rename of the storage goes through, small files replaced atomically
 * ({@link io.freshet.storage.file.AtomicFile}, {@link io.freshet.storage.file.CheckedLongFile}), and the line
 * between a full disk and a failing one ({@link io.freshet.storage.file.DiskFull}).
 *
 * <pre>
 *   PartitionLog, LogSegment, LogLoader, SegmentSwap, SegmentRewriter, IndexFile, ProducerStateTable, ...
 *        |  openRecords / open / move / rename / fsyncDirectory / fileStore
 *        v
 *   StorageIo.SYSTEM  (JDK FileChannel, kafka-clients FileRecords)     tests: FaultyStorageIo (test-jar)
 * </pre>
 */
package io.freshet.storage.file;
