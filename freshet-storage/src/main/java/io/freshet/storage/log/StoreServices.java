package io.freshet.storage.log;

import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.utils.Time;

import java.util.concurrent.Executor;

/**
 * What every {@link PartitionLog} of a {@link LogStore} shares: the clock, the append listener, the store's
 * threads (fsyncs, deferred deletion, and {@code background}, the scheduler thread, for small writes off the append
 * path such as a memory log's offset ceiling; the zero-fill thread), the free-space accounting, the file-operation
 * seam and, with it, the budget of open segment files ({@code segmentIo}).
 */
record StoreServices(Time time, AppendListener listener, GroupCommitFlusher flusher, SegmentDeleter deleter,
                     DiskSpace diskSpace, StorageIo io, Executor background, ZeroFiller zeroFiller,
                     SegmentIo segmentIo) {
}
