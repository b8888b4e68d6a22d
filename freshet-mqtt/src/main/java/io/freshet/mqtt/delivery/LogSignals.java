package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery layer's one listener on the event log: an index from partition to the readers to wake when it grows,
 * and the watchers to tell of new, grown or deleted topics. Called on the appending thread, so it only signals;
 * registration is thread-safe (readers live on different event loops).
 */
final class LogSignals implements LogListener {

    /** A reader of a partition: told that it grew. Must only signal (no reading, no blocking). */
    interface AppendWaiter {
        void onAppend();
    }

    /** Told that a topic was created, grew or was deleted. Must only signal. */
    interface TopicWatcher {
        void onTopicChanged(String topic);
    }

    private final ConcurrentHashMap<TopicPartition, Set<AppendWaiter>> readers = new ConcurrentHashMap<>();
    private final Set<TopicWatcher> watchers = ConcurrentHashMap.newKeySet();

    void watch(TopicPartition partition, AppendWaiter reader) {
        readers.compute(partition, (tp, set) -> {
            Set<AppendWaiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(reader);
            return s;
        });
    }

    void unwatch(TopicPartition partition, AppendWaiter reader) {
        readers.computeIfPresent(partition, (tp, set) -> {
            set.remove(reader);
            return set.isEmpty() ? null : set;
        });
    }

    void watchTopics(TopicWatcher watcher) {
        watchers.add(watcher);
    }

    void unwatchTopics(TopicWatcher watcher) {
        watchers.remove(watcher);
    }

    int readersOf(TopicPartition partition) {
        Set<AppendWaiter> set = readers.get(partition);
        return set == null ? 0 : set.size();
    }

    @Override
    public void onAppend(TopicPartition partition, long endOffset) {
        Set<AppendWaiter> set = readers.get(partition);
        if (set != null) {
            for (AppendWaiter reader : set) {
                reader.onAppend();
            }
        }
    }

    @Override
    public void onTopicChanged(String topic, int partitions) {
        topicChanged(topic);
    }

    @Override
    public void onTopicDeleted(String topic) {
        topicChanged(topic);
    }

    private void topicChanged(String topic) {
        for (TopicWatcher watcher : watchers) {
            watcher.onTopicChanged(topic);
        }
    }
}
