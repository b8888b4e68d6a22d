package io.freshet.broker.fetch;

import io.freshet.storage.log.AppendListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ShareFetches waiting for records to acquire, keyed by the partitions they read. Two things wake them: an append to
 * the partition (storage's append listener, any group), and the share coordinator reporting that records of the
 * partition became available to one group again (a release, an expired lock, a delay that came due).
 *
 * <p>Threading as {@link FetchPurgatory}: any thread may wake, watch or unwatch; a partition's set changes only in
 * {@link ConcurrentHashMap#compute}; waking only posts tasks to the fetches' event loops.
 */
public final class ShareFetchPurgatory implements AppendListener {

    private final ConcurrentHashMap<TopicPartition, Set<DelayedShareFetch>> watchers = new ConcurrentHashMap<>();
    private volatile boolean closing;

    @Override
    public void onAppend(TopicPartition topicPartition, long highWatermark) {
        Set<DelayedShareFetch> waiting = watchers.get(topicPartition);
        if (waiting != null) {
            waiting.forEach(DelayedShareFetch::wake);
        }
    }

    /** Records of {@code partition} became available to {@code groupId} without an append. */
    public void onAvailable(String groupId, TopicPartition partition) {
        Set<DelayedShareFetch> waiting = watchers.get(partition);
        if (waiting != null) {
            for (DelayedShareFetch fetch : waiting) {
                if (fetch.groupId().equals(groupId)) {
                    fetch.wake();
                }
            }
        }
    }

    void watch(DelayedShareFetch fetch) {
        for (TopicPartition tp : fetch.partitions()) {
            watchers.compute(tp, (key, set) -> {
                Set<DelayedShareFetch> result = set == null ? ConcurrentHashMap.newKeySet() : set;
                result.add(fetch);
                return result;
            });
        }
    }

    void unwatch(DelayedShareFetch fetch) {
        for (TopicPartition tp : fetch.partitions()) {
            watchers.computeIfPresent(tp, (key, set) -> {
                set.remove(fetch);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** At shutdown: every waiting ShareFetch answers now, and new ones do not wait. */
    public void completeAll() {
        closing = true;
        watchers.values().stream().flatMap(Set::stream).distinct().forEach(DelayedShareFetch::expire);
    }

    boolean isClosing() {
        return closing;
    }

    /** ShareFetches waiting now, for tests and metrics. */
    public int waiting() {
        return (int) watchers.values().stream().flatMap(Set::stream).distinct().count();
    }
}
