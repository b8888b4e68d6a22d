package io.freshet.broker.fetch;

import io.freshet.storage.log.AppendListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-poll fetches waiting for data, keyed by the partitions they read. Storage calls {@link #onAppend} after
 * every append; each waiting fetch on that partition is woken on its own event loop to read again.
 *
 * <p>Threading: any thread may append, watch or unwatch; the map is concurrent and a partition's watcher set is
 * changed only inside {@link ConcurrentHashMap#compute}, so a watch never lands in a set that was just dropped.
 * {@code onAppend} only looks the partition up and posts tasks: no read happens on the appending thread.
 */
public final class FetchPurgatory implements AppendListener {

    private final ConcurrentHashMap<TopicPartition, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();
    /** Set at shutdown: from then on a fetch is answered at once instead of parked. */
    private volatile boolean closing;

    @Override
    public void onAppend(TopicPartition topicPartition, long highWatermark) {
        Set<DelayedFetch> waiting = watchers.get(topicPartition);
        if (waiting != null) {
            for (DelayedFetch fetch : waiting) {
                fetch.wake();
            }
        }
    }

    void watch(DelayedFetch fetch) {
        for (TopicPartition tp : fetch.partitions()) {
            watchers.compute(tp, (key, set) -> {
                Set<DelayedFetch> result = set == null ? ConcurrentHashMap.newKeySet() : set;
                result.add(fetch);
                return result;
            });
        }
    }

    void unwatch(DelayedFetch fetch) {
        for (TopicPartition tp : fetch.partitions()) {
            watchers.computeIfPresent(tp, (key, set) -> {
                set.remove(fetch);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Answers every waiting fetch now with what is there; used at shutdown so draining does not wait max.wait.ms. */
    public void completeAll() {
        closing = true;
        watchers.values().stream().flatMap(Set::stream).distinct().forEach(DelayedFetch::expire);
    }

    boolean isClosing() {
        return closing;
    }

    /** Fetches currently waiting, for tests and metrics. */
    public int waiting() {
        return (int) watchers.values().stream().flatMap(Set::stream).distinct().count();
    }
}
