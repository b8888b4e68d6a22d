package io.freshet.storage.log;

/**
 * Told of each fsync of a partition log that made something durable: how long it took (Kafka's LogFlushStats
 * LogFlushRateAndTimeMs) and how many acks=all appends it released at once (the group commit's batch). Called on a
 * {@code freshet-fsync-N} thread: an implementation only records. The storage module knows no metrics library;
 * freshet-server binds this to its registry.
 */
public interface FlushObserver {

    FlushObserver NONE = new FlushObserver() {
        @Override
        public void flushed(long nanos, int waiters) {
        }
    };

    /**
     * @param nanos   the flush's duration (segment fsync, and the directory's when it changed)
     * @param waiters durability waiters the flush released (0: a flush of its own, for {@code flush.ms} or a roll)
     */
    void flushed(long nanos, int waiters);
}
