package io.freshet.broker.gateway;

import io.freshet.broker.metadata.TopicListener;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.metadata.TopicNames;
import io.freshet.gateway.LogListener;
import io.freshet.storage.log.AppendListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * The gateways' {@link LogListener}s, told of appends by storage (through the store's fan-out, beside the fetch
 * purgatory) and of topic changes by the topic controller.
 *
 * <p>Threading: appends are heard on the appending thread, topic changes on the controller thread. The listeners
 * are a copy-on-write array read through one volatile field, so an append with no listener costs one read and
 * allocates nothing; adding or removing (rare) copies the array under this object's lock.
 *
 * <p>Made by {@link EmbeddedEventLog#newListeners()}; only the log adds and removes listeners.
 *
 * <p>A listener that throws is a bug in that listener: it is logged and the append (already done) and the other
 * listeners go on.
 */
public final class LogListeners implements AppendListener, TopicListener {

    private static final Logger log = LoggerFactory.getLogger(LogListeners.class);
    private static final LogListener[] NONE = new LogListener[0];

    private volatile LogListener[] listeners = NONE;

    LogListeners() {
    }

    synchronized void add(LogListener listener) {
        LogListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
    }

    synchronized void remove(LogListener listener) {
        LogListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                LogListener[] next = new LogListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                listeners = next;
                return;
            }
        }
    }

    /** The coordinators' internal logs are not topics a gateway can read: their appends are not told. */
    @Override
    public void onAppend(TopicPartition topicPartition, long highWatermark) {
        LogListener[] current = listeners;
        if (current.length == 0 || TopicNames.isInternal(topicPartition.topic())) {
            return;
        }
        for (LogListener listener : current) {
            try {
                listener.onAppend(topicPartition, highWatermark);
            } catch (RuntimeException e) {
                log.warn("Log listener {} failed on an append to {}", listener, topicPartition, e);
            }
        }
    }

    @Override
    public void onTopicChanged(TopicMetadata topic) {
        for (LogListener listener : listeners) {
            try {
                listener.onTopicChanged(topic.name(), topic.partitionCount());
            } catch (RuntimeException e) {
                log.warn("Log listener {} failed on the change of topic {}", listener, topic.name(), e);
            }
        }
    }

    @Override
    public void onTopicDeleted(String name) {
        for (LogListener listener : listeners) {
            try {
                listener.onTopicDeleted(name);
            } catch (RuntimeException e) {
                log.warn("Log listener {} failed on the deletion of topic {}", listener, name, e);
            }
        }
    }
}
