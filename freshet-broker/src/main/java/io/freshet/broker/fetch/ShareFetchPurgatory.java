package io.freshet.broker.fetch;

import io.freshet.storage.log.AppendListener;
import org.apache.kafka.common.TopicPartition;


/**
 * ShareFetches waiting for records to acquire, keyed by the partitions they read. Two things wake them: an append to
 * the partition (storage's append listener, any group), and the share coordinator reporting that records of the
 * partition became available to one group again (a release, an expired lock, a delay that came due).
 *
 * <p>Threading as {@link FetchPurgatory}: any thread may wake, watch or unwatch; a partition's set changes only in
 * {@code ConcurrentHashMap.compute}; waking only posts tasks to the fetches' event loops.
 */
public final class ShareFetchPurgatory implements AppendListener {

    private final ParkedRequests<DelayedShareFetch> parked = new ParkedRequests<>();

    @Override
    public void onAppend(TopicPartition topicPartition, long highWatermark) {
        parked.wake(topicPartition, fetch -> true);
    }

    /** Records of {@code partition} became available to {@code groupId} without an append. */
    public void onAvailable(String groupId, TopicPartition partition) {
        parked.wake(partition, fetch -> fetch.groupId().equals(groupId));
    }

    void watch(DelayedShareFetch fetch) {
        parked.watch(fetch);
    }

    void unwatch(DelayedShareFetch fetch) {
        parked.unwatch(fetch);
    }

    /** At shutdown: every waiting ShareFetch answers now, and new ones do not wait. */
    public void completeAll() {
        parked.completeAll();
    }

    boolean isClosing() {
        return parked.isClosing();
    }

    /** ShareFetches waiting now, for tests and metrics. */
    public int waiting() {
        return parked.waiting();
    }
}
