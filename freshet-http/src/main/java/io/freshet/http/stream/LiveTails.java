package io.freshet.http.stream;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogListener;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stream layer's one listener on the event log: finds the {@link PartitionTail} to wake on an append, and the
 * streams to tell when their topic grows or is deleted. Called on the appending thread or the topic controller's, so
 * it only signals. A tail lives from its partition's first subscriber until its topic is deleted (an idle one holds
 * no records and does not read).
 */
final class LiveTails implements LogListener, AutoCloseable {

    /** A stream of one topic. Called on the log's thread: must only hand the work to the stream's own loop. */
    interface TopicWatcher {
        void onPartitions(int partitions);

        void onDeleted();
    }

    private final EventLog log;
    private final ByteBufAllocator alloc;
    private final ConcurrentHashMap<TopicPartition, PartitionTail> tails = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<TopicWatcher>> watchers = new ConcurrentHashMap<>();
    /** Records encoded by tails (once for all caught-up subscribers), and by subscribers reading on their own. */
    final LongAdder tailEncoded = new LongAdder();
    final LongAdder ownReadEncoded = new LongAdder();

    LiveTails(EventLog log, ByteBufAllocator alloc) {
        this.log = log;
        this.alloc = alloc;
        log.addListener(this);
    }

    /** The tail of {@code partition}; a new one reads on {@code loop}. */
    PartitionTail tail(TopicPartition partition, EventExecutor loop) {
        return tails.computeIfAbsent(partition, tp -> new PartitionTail(tp, log, loop, alloc, tailEncoded));
    }

    void watch(String topic, TopicWatcher watcher) {
        watchers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(watcher);
    }

    void unwatch(String topic, TopicWatcher watcher) {
        watchers.computeIfPresent(topic, (t, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void onAppend(TopicPartition partition, long endOffset) {
        PartitionTail tail = tails.get(partition);
        if (tail != null) {
            tail.signal();
        }
    }

    @Override
    public void onTopicChanged(String topic, int partitions) {
        Set<TopicWatcher> set = watchers.get(topic);
        if (set != null) {
            set.forEach(w -> w.onPartitions(partitions));
        }
    }

    @Override
    public void onTopicDeleted(String topic) {
        tails.values().removeIf(tail -> {
            if (tail.partition().topic().equals(topic)) {
                tail.close();
                return true;
            }
            return false;
        });
        Set<TopicWatcher> set = watchers.remove(topic);
        if (set != null) {
            set.forEach(TopicWatcher::onDeleted);
        }
    }

    @Override
    public void close() {
        log.removeListener(this);
    }
}
