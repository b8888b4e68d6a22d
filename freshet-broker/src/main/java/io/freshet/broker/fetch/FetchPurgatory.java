package io.freshet.broker.fetch;

import io.freshet.storage.log.AppendListener;
import org.apache.kafka.common.TopicPartition;


/**
 * Long-poll fetches waiting for data, keyed by the partitions they read. Storage calls {@link #onAppend} after
 * every append; each waiting fetch on that partition is woken on its own event loop to read again.
 *
 * <p>Threading: any thread may append, watch or unwatch; the map is concurrent and a partition's watcher set is
 * changed only inside {@code ConcurrentHashMap.compute}, so a watch never lands in a set that was just dropped.
 * {@code onAppend} only looks the partition up and posts tasks: no read happens on the appending thread.
 */
public final class FetchPurgatory implements AppendListener {

    private final ParkedRequests<DelayedFetch> parked = new ParkedRequests<>();

    @Override
    public void onAppend(TopicPartition topicPartition, long highWatermark) {
        parked.wake(topicPartition, fetch -> true);
    }

    void watch(DelayedFetch fetch) {
        parked.watch(fetch);
    }

    void unwatch(DelayedFetch fetch) {
        parked.unwatch(fetch);
    }

    /** Answers every waiting fetch now with what is there; used at shutdown so draining does not wait max.wait.ms. */
    public void completeAll() {
        parked.completeAll();
    }

    boolean isClosing() {
        return parked.isClosing();
    }

    /** Fetches currently waiting, for tests and metrics. */
    public int waiting() {
        return parked.waiting();
    }
}
