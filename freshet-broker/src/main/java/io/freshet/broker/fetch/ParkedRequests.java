package io.freshet.broker.fetch;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Parked long-poll requests (fetches, share fetches) keyed by the partitions they read: what both purgatories keep.
 *
 * <p>Threading: any thread may watch, unwatch or wake; the map is concurrent and a partition's set is changed only
 * inside {@link ConcurrentHashMap#compute}, so a watch never lands in a set that was just dropped. Waking only posts
 * tasks to the requests' own event loops: nothing is read on the waking thread.
 */
final class ParkedRequests<T extends ParkedRequests.Parked> {

    /** A parked request: the partitions it waits on, and how to run it again or answer it now. */
    interface Parked {
        Collection<TopicPartition> partitions();

        void wake();

        void expire();
    }

    private final ConcurrentHashMap<TopicPartition, Set<T>> watchers = new ConcurrentHashMap<>();
    /** Set at shutdown: from then on a request is answered at once instead of parked. */
    private volatile boolean closing;

    void wake(TopicPartition partition, Predicate<T> which) {
        Set<T> waiting = watchers.get(partition);
        if (waiting != null) {
            for (T request : waiting) {
                if (which.test(request)) {
                    request.wake();
                }
            }
        }
    }

    void watch(T request) {
        for (TopicPartition tp : request.partitions()) {
            watchers.compute(tp, (key, set) -> {
                Set<T> result = set == null ? ConcurrentHashMap.newKeySet() : set;
                result.add(request);
                return result;
            });
        }
    }

    void unwatch(T request) {
        for (TopicPartition tp : request.partitions()) {
            watchers.computeIfPresent(tp, (key, set) -> {
                set.remove(request);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** At shutdown: every parked request answers now, and new ones do not park. */
    void completeAll() {
        closing = true;
        forEachDistinct(Parked::expire);
    }

    boolean isClosing() {
        return closing;
    }

    int waiting() {
        return (int) watchers.values().stream().flatMap(Set::stream).distinct().count();
    }

    private void forEachDistinct(Consumer<T> action) {
        watchers.values().stream().flatMap(Set::stream).distinct().forEach(action);
    }
}
