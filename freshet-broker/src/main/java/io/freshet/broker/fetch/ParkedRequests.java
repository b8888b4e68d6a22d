package io.freshet.broker.fetch;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Parked long-poll requests (fetches, share fetches) keyed by the partitions they read: what both purgatories keep.
 *
 * <p>Threading: any thread may watch, unwatch or wake; the maps are concurrent and a partition's waiters are changed
 * only inside {@link ConcurrentHashMap#compute}, so a watch never lands in a map that was just dropped. Waking only posts
 * tasks to the requests' own event loops: nothing is read on the waking thread.
 *
 * <p>Requests are woken in the order they parked, oldest first, as Kafka's purgatory does: when one append holds
 * less than every waiter wants (share fetches competing for the same records), the member that has waited longest
 * gets there first, and one that was just served queues behind the rest. A hash order would favour the same
 * waiters on every append.
 */
final class ParkedRequests<T extends ParkedRequests.Parked> {

    /** A parked request: the partitions it waits on, and how to run it again or answer it now. */
    interface Parked {
        Collection<TopicPartition> partitions();

        void wake();

        void expire();
    }

    /** Per partition, its parked requests by parking order. */
    private final ConcurrentHashMap<TopicPartition, ConcurrentSkipListMap<Long, T>> watchers =
        new ConcurrentHashMap<>();
    /** Every parked request and its place in the parking order. */
    private final ConcurrentHashMap<T, Long> parked = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();
    /** Set at shutdown: from then on a request is answered at once instead of parked. */
    private volatile boolean closing;

    void wake(TopicPartition partition, Predicate<T> which) {
        ConcurrentSkipListMap<Long, T> waiting = watchers.get(partition);
        if (waiting != null) {
            for (T request : waiting.values()) {
                if (which.test(request)) {
                    request.wake();
                }
            }
        }
    }

    /** Parks {@code request} on its partitions; a request parks once. */
    void watch(T request) {
        long place = order.incrementAndGet();
        parked.put(request, place);
        for (TopicPartition tp : request.partitions()) {
            watchers.compute(tp, (key, map) -> {
                ConcurrentSkipListMap<Long, T> result = map == null ? new ConcurrentSkipListMap<>() : map;
                result.put(place, request);
                return result;
            });
        }
    }

    void unwatch(T request) {
        Long place = parked.remove(request);
        if (place == null) {
            return;
        }
        for (TopicPartition tp : request.partitions()) {
            watchers.computeIfPresent(tp, (key, map) -> {
                map.remove(place);
                return map.isEmpty() ? null : map;
            });
        }
    }

    /** At shutdown: every parked request answers now, and new ones do not park. */
    void completeAll() {
        closing = true;
        parked.keySet().forEach(Parked::expire);
    }

    boolean isClosing() {
        return closing;
    }

    int waiting() {
        return parked.size();
    }
}
